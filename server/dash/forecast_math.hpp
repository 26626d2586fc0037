#pragma once
// The forecasts' arithmetic on weekly series, apart from storage and HTTP (docs/forecast.md):
// seasonal naive, Holt-Winters (additive and multiplicative, parameters from a small grid),
// a recent-mean fallback for short series, and the rolling-origin back-test that picks one
// method per series. Pure functions of their arguments.
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hp::server::dash::fc {

enum class Method { seasonal_naive, hw_additive, hw_multiplicative, recent_mean };
std::string method_name(Method m);

struct HwParams {
  double alpha = 0.3, beta = 0.05, gamma = 0.2;
};

// The last season's value for each of the h coming points. Needs y.size() >= period.
std::vector<double> seasonal_naive(std::span<const double> y, int period, int h);
// The mean of the last `window` points (fewer if the series is shorter), for each of h points.
std::vector<double> recent_mean(std::span<const double> y, int window, int h);

// Holt-Winters with these parameters: the h-step forecasts, and through sse the sum of
// squared one-step errors over the fitted points. nullopt when the series cannot carry the
// model: shorter than one period, or (multiplicative) a level or value that is not positive.
std::optional<std::vector<double>> holt_winters(std::span<const double> y, int period, const HwParams& p,
                                                bool multiplicative, int h, double* sse = nullptr);

struct HwFit {
  HwParams params;
  double sse = 0;
  std::vector<double> forecast;
};
// The grid's parameters with the least one-step SSE; nullopt as for holt_winters.
std::optional<HwFit> fit_holt_winters(std::span<const double> y, int period, bool multiplicative, int h);

// Forecasts of h points by a method with its parameters chosen on y (the grid for
// Holt-Winters); nullopt when the method cannot run on y.
std::optional<std::vector<double>> forecast_with(Method m, std::span<const double> y, int period, int h,
                                                 HwParams* chosen = nullptr);

// How far off the forecasts were: MAPE (%) when every actual is positive, else MASE (the mean
// absolute error over that of the in-sample naive forecast; docs/forecast.md says why).
struct Accuracy {
  std::string metric;           // "mape" or "mase"
  std::optional<double> value;  // nullopt: undefined (MASE on a flat series)
  double mae = 0;
  int points = 0;
};
Accuracy accuracy(std::span<const double> actual, std::span<const double> forecast, double mase_scale);
// The MASE scale: mean |y_t - y_{t-period}| over y when y holds two periods and that is not 0,
// else mean |y_t - y_{t-1}|; 0 when there is nothing to compare.
double mase_scale(std::span<const double> y, int period);

struct Candidate {
  Method method;
  Accuracy accuracy;
};
struct Choice {
  Method method = Method::recent_mean;
  std::vector<double> forecast;  // h points, never negative
  std::optional<HwParams> params;
  Accuracy accuracy;             // the chosen method's back-test
  std::vector<Candidate> candidates;
};

// Rolling-origin back-test over the last season (at most `period` points, origins one week
// apart, each forecasting h points from the data before it; Holt-Winters with the parameters
// the grid chose on the data before the first origin) of every method the series can carry;
// the one with the lower error wins and forecasts h points from the whole series (its
// parameters chosen again on all of it).
Choice choose(std::span<const double> y, int period, int h);

}  // namespace hp::server::dash::fc
