#include "server/dash/forecast_math.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hp::server::dash::fc {
namespace {

// A small grid: enough to tell a slow season from a fast one, cheap enough to refit at every
// origin of the back-test (docs/forecast.md "Parameters").
constexpr double kAlphas[] = {0.1, 0.3, 0.5, 0.8};
constexpr double kBetas[] = {0.0, 0.05, 0.2};
constexpr double kGammas[] = {0.05, 0.2, 0.5};
// Holt-Winters fits this many one-step errors at least beyond the first season.
constexpr int kMinFitted = 4;
constexpr int kFallbackWindow = 4;

double mean(std::span<const double> y) {
  return y.empty() ? 0.0 : std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
}

// Lower error wins; an undefined metric falls back to the mean absolute error.
bool better(const Accuracy& a, const Accuracy& b) {
  if (a.value && b.value && *a.value != *b.value) return *a.value < *b.value;
  return a.mae < b.mae;
}

}  // namespace

std::string method_name(Method m) {
  switch (m) {
    case Method::seasonal_naive: return "seasonal_naive";
    case Method::hw_additive: return "holt_winters_additive";
    case Method::hw_multiplicative: return "holt_winters_multiplicative";
    case Method::recent_mean: return "recent_mean";
  }
  return "";
}

std::vector<double> seasonal_naive(std::span<const double> y, int period, int h) {
  std::vector<double> out;
  const auto n = static_cast<std::ptrdiff_t>(y.size());
  for (int k = 1; k <= h; ++k) out.push_back(y[static_cast<std::size_t>(n - period + (k - 1) % period)]);
  return out;
}

std::vector<double> recent_mean(std::span<const double> y, int window, int h) {
  const std::size_t w = std::min<std::size_t>(static_cast<std::size_t>(window), y.size());
  return std::vector<double>(static_cast<std::size_t>(h), mean(y.subspan(y.size() - w)));
}

std::optional<std::vector<double>> holt_winters(std::span<const double> y, int period, const HwParams& p,
                                                bool multiplicative, int h, double* sse) {
  const std::size_t m = static_cast<std::size_t>(period), n = y.size();
  if (period < 2 || n < m) return std::nullopt;
  // Initial state from the first season (and the second, for the trend, when there is one):
  // the first season's mean is the level at its middle; the trend, from the two seasons'
  // means, takes it to each week of the season, so the seasonal indices hold no trend.
  const double mean1 = mean(y.first(m)), mid = static_cast<double>(m - 1) / 2;
  double trend = n >= 2 * m ? (mean(y.subspan(m, m)) - mean1) / static_cast<double>(m) : 0.0;
  std::vector<double> season(n + static_cast<std::size_t>(h));
  for (std::size_t i = 0; i < m; ++i) {
    const double at = mean1 + trend * (static_cast<double>(i) - mid);
    if (multiplicative && at <= 0) return std::nullopt;
    season[i] = multiplicative ? y[i] / at : y[i] - at;
  }
  double level = mean1 + trend * mid;  // at the first season's last week
  double err2 = 0;
  for (std::size_t t = m; t < n; ++t) {
    const double s = season[t - m];
    if (multiplicative && (y[t] <= 0 || s <= 0)) return std::nullopt;
    const double predicted = multiplicative ? (level + trend) * s : level + trend + s;
    err2 += (y[t] - predicted) * (y[t] - predicted);
    const double prev = level;
    level = p.alpha * (multiplicative ? y[t] / s : y[t] - s) + (1 - p.alpha) * (level + trend);
    if (multiplicative && level <= 0) return std::nullopt;
    trend = p.beta * (level - prev) + (1 - p.beta) * trend;
    season[t] = p.gamma * (multiplicative ? y[t] / level : y[t] - level) + (1 - p.gamma) * s;
  }
  if (sse) *sse = err2;
  std::vector<double> out;
  for (int k = 1; k <= h; ++k) {
    const double s = season[n - m + static_cast<std::size_t>((k - 1) % period)];
    const double base = level + k * trend;
    out.push_back(multiplicative ? base * s : base + s);
  }
  return out;
}

std::optional<HwFit> fit_holt_winters(std::span<const double> y, int period, bool multiplicative, int h) {
  if (y.size() < static_cast<std::size_t>(period + kMinFitted)) return std::nullopt;
  std::optional<HwFit> best;
  for (double a : kAlphas)
    for (double b : kBetas)
      for (double g : kGammas) {
        double sse = 0;
        auto f = holt_winters(y, period, {a, b, g}, multiplicative, h, &sse);
        if (!f) return std::nullopt;  // the data, not the parameters, rule the model out
        if (!best || sse < best->sse) best = HwFit{{a, b, g}, sse, std::move(*f)};
      }
  return best;
}

std::optional<std::vector<double>> forecast_with(Method m, std::span<const double> y, int period, int h,
                                                 HwParams* chosen) {
  switch (m) {
    case Method::seasonal_naive:
      if (y.size() < static_cast<std::size_t>(period)) return std::nullopt;
      return seasonal_naive(y, period, h);
    case Method::recent_mean:
      if (y.empty()) return std::nullopt;
      return recent_mean(y, kFallbackWindow, h);
    case Method::hw_additive:
    case Method::hw_multiplicative: {
      auto fit = fit_holt_winters(y, period, m == Method::hw_multiplicative, h);
      if (!fit) return std::nullopt;
      if (chosen) *chosen = fit->params;
      return std::move(fit->forecast);
    }
  }
  return std::nullopt;
}

namespace {
double naive_mae(std::span<const double> y, std::size_t lag) {
  if (y.size() <= lag) return 0;
  double sum = 0;
  for (std::size_t t = lag; t < y.size(); ++t) sum += std::abs(y[t] - y[t - lag]);
  return sum / static_cast<double>(y.size() - lag);
}
}  // namespace

double mase_scale(std::span<const double> y, int period) {
  // Seasonal when two seasons can be compared; a sparse crop may match its empty weeks
  // exactly a season apart, so a zero there falls back to the week-on-week scale.
  const double seasonal = y.size() >= 2 * static_cast<std::size_t>(period) ? naive_mae(y, static_cast<std::size_t>(period)) : 0;
  return seasonal > 0 ? seasonal : naive_mae(y, 1);
}

Accuracy accuracy(std::span<const double> actual, std::span<const double> forecast, double scale) {
  Accuracy a;
  a.points = static_cast<int>(actual.size());
  const bool positive = std::all_of(actual.begin(), actual.end(), [](double v) { return v > 0; });
  a.metric = positive ? "mape" : "mase";
  if (actual.empty()) return a;
  double abs_sum = 0, pct_sum = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double e = std::abs(actual[i] - forecast[i]);
    abs_sum += e;
    if (positive) pct_sum += e / actual[i];
  }
  a.mae = abs_sum / static_cast<double>(actual.size());
  if (positive) a.value = 100.0 * pct_sum / static_cast<double>(actual.size());
  else if (scale > 0) a.value = a.mae / scale;
  return a;
}

Choice choose(std::span<const double> y, int period, int h) {
  const int n = static_cast<int>(y.size());
  const bool seasonal = n >= period + kMinFitted + h;
  std::vector<Method> methods;
  if (seasonal) {
    methods = {Method::seasonal_naive, Method::hw_additive, Method::hw_multiplicative};
  } else {
    methods = {Method::recent_mean};
  }
  // The evaluation window: the last season, or less when the history is shorter, so that
  // every origin leaves the methods their minimum training data.
  const int window = seasonal ? std::min(period, n - period - kMinFitted) : std::min(period, n - 1);
  const int first_origin = n - window;
  const double scale = first_origin > 1 ? mase_scale(y.first(static_cast<std::size_t>(first_origin)), period) : 0.0;

  Choice c;
  bool have = false;
  for (Method m : methods) {
    std::vector<double> actual, predicted;
    bool ok = true;
    // Holt-Winters' parameters come from the grid on the data before the last season, and
    // stay through it: each origin reruns the recursion, not the grid (36 times cheaper; a
    // city has hundreds of series). The forecast itself re-chooses them on the whole series.
    std::optional<HwParams> fixed;
    const bool hw = m == Method::hw_additive || m == Method::hw_multiplicative;
    if (hw) {
      auto fit = fit_holt_winters(y.first(static_cast<std::size_t>(first_origin)), period, m == Method::hw_multiplicative, h);
      if (!fit) continue;
      fixed = fit->params;
    }
    for (int o = first_origin; o + h <= n && ok; ++o) {
      const auto train = y.first(static_cast<std::size_t>(o));
      auto f = hw ? holt_winters(train, period, *fixed, m == Method::hw_multiplicative, h)
                  : forecast_with(m, train, period, h);
      if (!f) {
        ok = false;
        break;
      }
      for (int k = 0; k < h; ++k) {
        actual.push_back(y[static_cast<std::size_t>(o + k)]);
        predicted.push_back(std::max(0.0, (*f)[static_cast<std::size_t>(k)]));
      }
    }
    if (!ok) continue;
    Candidate cand{m, accuracy(actual, predicted, scale)};
    c.candidates.push_back(cand);
    if (!have || better(cand.accuracy, c.accuracy)) {
      c.method = m;
      c.accuracy = cand.accuracy;
      have = true;
    }
  }
  if (!have) {
    c.method = Method::recent_mean;
    c.accuracy = accuracy({}, {}, 0);
  }
  HwParams params;
  auto f = forecast_with(c.method, y, period, h, &params);
  if (!f) f = n > 0 ? recent_mean(y, kFallbackWindow, h) : std::vector<double>(static_cast<std::size_t>(h), 0.0);
  for (double& v : *f) v = std::max(0.0, v);
  c.forecast = std::move(*f);
  if (c.method == Method::hw_additive || c.method == Method::hw_multiplicative) c.params = params;
  return c;
}

}  // namespace hp::server::dash::fc
