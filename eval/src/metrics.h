// sitrep-eval: precision, recall and F1.
#pragma once

#include <cstddef>

namespace sitrep::eval {

struct Prf {
  double precision = 0, recall = 0, f1 = 0;
};

inline double ratio(std::size_t num, std::size_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}
inline double f1_of(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }
inline Prf make_prf(double p, double r) { return Prf{p, r, f1_of(p, r)}; }

// True positives, false positives, false negatives; micro-averaged when summed.
struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0;
  Prf prf() const { return make_prf(ratio(tp, tp + fp), ratio(tp, tp + fn)); }
  Counts& operator+=(const Counts& o) {
    tp += o.tp;
    fp += o.fp;
    fn += o.fn;
    return *this;
  }
};

}  // namespace sitrep::eval
