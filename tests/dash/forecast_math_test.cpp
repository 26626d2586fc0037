// The forecasts' arithmetic (server/dash/forecast_math.hpp) against values worked by hand
// and against series whose right forecast is known.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "server/dash/forecast_math.hpp"

using namespace hp::server::dash::fc;

TEST_CASE("seasonal naive repeats the last season; the fallback is the mean of the last four") {
  const std::vector<double> y{1, 2, 3, 4, 5, 6};
  CHECK(seasonal_naive(y, 3, 4) == std::vector<double>{4, 5, 6, 4});
  CHECK(recent_mean(y, 4, 2) == std::vector<double>{4.5, 4.5});
  CHECK(recent_mean(std::vector<double>{2, 4}, 4, 1) == std::vector<double>{3});
}

TEST_CASE("additive Holt-Winters matches the recursion worked by hand") {
  // Period 2, y = 1 3 2 5, alpha = beta = gamma = 0.5. Start: season means 2 and 3.5, trend
  // (3.5 - 2) / 2 = 0.75; the first season's level 2 stands at its middle (t = 0.5), so the
  // seasons are 1 - 1.625 = -0.625 and 3 - 2.375 = +0.625, and the level at t = 1 is 2.375.
  // t=2: forecast 2.375 + 0.75 - 0.625 = 2.5 (error -0.5); level 0.5(2.625) + 0.5(3.125) = 2.875;
  //      trend 0.5(0.5) + 0.5(0.75) = 0.625; season 0.5(2 - 2.875) + 0.5(-0.625) = -0.75.
  // t=3: forecast 2.875 + 0.625 + 0.625 = 4.125 (error 0.875); level 0.5(4.375) + 0.5(3.5) = 3.9375;
  //      trend 0.5(1.0625) + 0.5(0.625) = 0.84375; season 0.5(1.0625) + 0.5(0.625) = 0.84375.
  // Forecasts: 3.9375 + 0.84375 - 0.75 = 4.03125; 3.9375 + 1.6875 + 0.84375 = 6.46875;
  //            3.9375 + 2.53125 - 0.75 = 5.71875. SSE 0.25 + 0.765625 = 1.015625.
  double sse = -1;
  auto f = holt_winters(std::vector<double>{1, 3, 2, 5}, 2, {0.5, 0.5, 0.5}, false, 3, &sse);
  REQUIRE(f);
  CHECK((*f)[0] == doctest::Approx(4.03125));
  CHECK((*f)[1] == doctest::Approx(6.46875));
  CHECK((*f)[2] == doctest::Approx(5.71875));
  CHECK(sse == doctest::Approx(1.015625));
}

TEST_CASE("multiplicative Holt-Winters matches the recursion worked by hand") {
  // Period 2, y = 2 6 4 12, alpha = beta = gamma = 0.5. Start: season means 4 and 8, trend 2;
  // level 4 at t = 0.5, so seasons 2 / 3 and 6 / 5 = 1.2, and the level at t = 1 is 5.
  // t=2: forecast 7 * 2/3 = 4.6667 (error -0.6667); level 0.5(4 / (2/3)) + 0.5(7) = 6.5;
  //      trend 0.5(1.5) + 0.5(2) = 1.75; season 0.5(4 / 6.5) + 0.5(2/3).
  // t=3: forecast 8.25 * 1.2 = 9.9 (error 2.1); level 0.5(12 / 1.2) + 0.5(8.25) = 9.125;
  //      trend 0.5(2.625) + 0.5(1.75) = 2.1875; season 0.5(12 / 9.125) + 0.5(1.2).
  // Forecasts: (9.125 + 2.1875) * season(t=2); (9.125 + 4.375) * season(t=3).
  double sse = -1;
  auto f = holt_winters(std::vector<double>{2, 6, 4, 12}, 2, {0.5, 0.5, 0.5}, true, 2, &sse);
  REQUIRE(f);
  CHECK((*f)[0] == doctest::Approx(11.3125 * (0.5 * 4.0 / 6.5 + 1.0 / 3)));
  CHECK((*f)[1] == doctest::Approx(13.5 * (0.5 * 12.0 / 9.125 + 0.6)));
  CHECK(sse == doctest::Approx(4.0 / 9 + 2.1 * 2.1));
  // A zero cannot be divided by: the multiplicative model does not take the series.
  CHECK_FALSE(holt_winters(std::vector<double>{2, 0, 4, 12}, 2, {0.5, 0.5, 0.5}, true, 2));
  CHECK_FALSE(holt_winters(std::vector<double>{2}, 2, {0.5, 0.5, 0.5}, false, 2));
}

TEST_CASE("additive Holt-Winters forecasts a linear trend plus a fixed season exactly") {
  // The known property of the additive model: y_t = a + c t + S_(t mod m) is its own
  // noise-free case, so every one-step error is 0 and the forecast continues the line.
  const int m = 4;
  const double S[] = {-3, 1, 4, -2};
  std::vector<double> y;
  for (int t = 0; t < 3 * m; ++t) y.push_back(10 + 0.5 * t + S[t % m]);
  double sse = -1;
  auto f = holt_winters(y, m, {0.3, 0.1, 0.2}, false, 6, &sse);
  REQUIRE(f);
  CHECK(sse == doctest::Approx(0).epsilon(1e-12));
  for (int k = 0; k < 6; ++k) {
    const int t = 3 * m + k;
    CHECK((*f)[static_cast<std::size_t>(k)] == doctest::Approx(10 + 0.5 * t + S[t % m]));
  }
}

TEST_CASE("a season repeated exactly is forecast exactly by every seasonal method") {
  const int m = 52;
  std::vector<double> y;
  for (int t = 0; t < 3 * m; ++t) y.push_back(100 + 50 * std::sin(2 * std::numbers::pi * t / m));
  for (bool mult : {false, true}) {
    auto fit = fit_holt_winters(y, m, mult, 4);
    REQUIRE(fit);
    CHECK(fit->sse == doctest::Approx(0).epsilon(1e-9));
    for (int k = 0; k < 4; ++k) CHECK(fit->forecast[static_cast<std::size_t>(k)] == doctest::Approx(y[static_cast<std::size_t>(k)]));
  }
  const Choice c = choose(y, m, 4);
  CHECK(c.accuracy.metric == "mape");
  REQUIRE(c.accuracy.value);
  CHECK(*c.accuracy.value == doctest::Approx(0).epsilon(1e-9));
  CHECK(c.method == Method::seasonal_naive);  // ties go to the simplest method
  CHECK(c.candidates.size() == 3);
  CHECK(c.accuracy.points == (m - 4 + 1) * 4);  // 49 origins of the last season, 4 weeks each
}

TEST_CASE("the back-test picks Holt-Winters when the season grows, seasonal naive when it does not") {
  const int m = 52;
  std::vector<double> growing, noisy_level;
  for (int t = 0; t < 3 * m; ++t) {
    const double season = 1 + 0.5 * std::sin(2 * std::numbers::pi * t / m);
    growing.push_back((100 + 2.0 * t) * season);  // a trend seasonal naive cannot follow
  }
  const Choice g = choose(growing, m, 4);
  CHECK(g.method != Method::seasonal_naive);
  REQUIRE(g.params);
  // The trend carries on: each coming week is higher than the same week a year before.
  for (int k = 0; k < 4; ++k) CHECK(g.forecast[static_cast<std::size_t>(k)] > growing[growing.size() - m + k]);
  for (const auto& cand : g.candidates)
    if (cand.method == Method::seasonal_naive) CHECK(*cand.accuracy.value > *g.accuracy.value);
}

TEST_CASE("a series with zeros is measured by MASE, and one too short for a season by the fallback") {
  const int m = 52;
  std::vector<double> lychee;
  for (int t = 0; t < 2 * m + 20; ++t) {
    const int w = t % m;
    lychee.push_back(w >= 22 && w <= 26 ? 900.0 - 100 * std::abs(w - 24) + (t / m) * 10 : 0.0);
  }
  const Choice c = choose(lychee, m, 4);
  CHECK(c.accuracy.metric == "mase");
  REQUIRE(c.accuracy.value);
  CHECK(*c.accuracy.value >= 0);
  for (double v : c.forecast) CHECK(v >= 0);  // kg are never forecast below zero
  // Origin at week 20 of the third year (t = 124 is week 20): the season's peak is 2 to 4 weeks on.
  std::vector<double> before_june(lychee.begin(), lychee.begin() + 2 * m + 20);
  const Choice june = choose(before_june, m, 4);
  CHECK(june.forecast[2] > 500);  // week 22 of the season
  CHECK(june.forecast[0] < 50);   // week 20: nothing yet

  const std::vector<double> short_series{10, 12, 14, 16, 18, 20};
  const Choice s = choose(short_series, m, 4);
  CHECK(s.method == Method::recent_mean);
  CHECK(s.forecast[0] == doctest::Approx(17));
  CHECK(s.candidates.size() == 1);
  CHECK(s.accuracy.points == 8);  // origins 1 and 2 (windows of 4 within 6 weeks)
  CHECK(s.accuracy.metric == "mape");
}

TEST_CASE("MAPE and MASE are computed as written in docs/forecast.md") {
  const std::vector<double> a{100, 200}, f{110, 180};
  const Accuracy x = accuracy(a, f, 0);
  CHECK(x.metric == "mape");
  CHECK(*x.value == doctest::Approx((10.0 / 100 + 20.0 / 200) / 2 * 100));
  CHECK(x.mae == doctest::Approx(15));
  const Accuracy z = accuracy(std::vector<double>{0, 10}, std::vector<double>{2, 6}, 4);
  CHECK(z.metric == "mase");
  CHECK(*z.value == doctest::Approx(3.0 / 4));
  CHECK_FALSE(accuracy(std::vector<double>{0, 0}, std::vector<double>{1, 1}, 0).value);
  // Scale: the in-sample seasonal naive's mean absolute error (lag 2 here), lag 1 when short.
  CHECK(mase_scale(std::vector<double>{1, 5, 2, 7, 4}, 2) == doctest::Approx((1.0 + 2 + 2) / 3));
  CHECK(mase_scale(std::vector<double>{1, 3}, 2) == doctest::Approx(2));
}
