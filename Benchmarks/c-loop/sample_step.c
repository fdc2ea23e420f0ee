/*
 * The §3.1 training loop in plain C: the yardstick for MiniRnn.train's speed and a second
 * source of reference digits.
 *
 * Same float operations, in the same order, as Sources/RNN/Training.swift:
 *   forward   a_t = w1*x_t + w2*h_{t-1};  h_t = a_t > 0 ? a_t : 0;  yhat = w3*h_n
 *   backward  g = yhat - y;  [exact: g3 += h_n*g];  dh = w3*g;
 *             for t = n..1: tmp = dh*(a_t > 0 ? 1 : 0); g2 += tmp*h_{t-1}; g1 += tmp*x_t;
 *                           dh = tmp*w2
 *   update    w_i -= g_i*lr;  then every g_i = 0
 * Article mode skips the g3 line (the printed code's `self.w3g` typo), so w3 never moves.
 *
 * The generalised cell of issue 13 (beyond the article), as GeneralBPTT in Training.swift with
 * tanh and the biases trained:
 *   forward   a_t = w1*x_t + w2*h_{t-1} + b;  h_t = tanh(a_t);  yhat = w3*h_n + c
 *   backward  g = yhat - y;  g3 += h_n*g;  gc += g;  dh = w3*g;
 *             for t = n..1: tmp = dh*(1 - h_t*h_t); g2 += tmp*h_{t-1}; g1 += tmp*x_t;
 *                           gb += tmp; dh = tmp*w2
 *   update    w_i -= g_i*lr, b -= gb*lr, c -= gc*lr
 * (libm's tanh here, minirnn's own in Swift: the digits may differ in the last places.)
 *
 * Build without fast-math and without FMA contraction, so every product and sum is rounded
 * on its own as in Swift and Python:
 *   cc -O2 -ffp-contract=off -o sample_step sample_step.c
 *
 * Usage: sample_step [timing-steps]   (default 20,000,000 sample steps on slopes)
 * Prints the final weights after 20,000 epochs from (0.5, 0.3, 0.8) at lr 0.001 in both
 * modes and for the cell with %.17g, then `ns_per_sample_step exact|article|cell <ns>` (best
 * of 5 runs).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { MAX_N = 8 };

typedef struct {
  int n;
  double x[MAX_N];
  double y;
} sample;

/* §3.1's rising, flat and falling series. */
static const sample slopes[3] = {
    {2, {0, 0.5}, 1},
    {2, {0.5, 0.5}, 0.5},
    {2, {1, 0.5}, 0},
};

typedef struct {
  double w1, w2, w3;
} weights;

/* One sample step: forward, backward, update, zero. `exact` = 1 trains w3 too. */
static inline void sample_step(weights *w, const sample *s, int exact, double lr) {
  double a[MAX_N], h[MAX_N + 1];
  double g1 = 0, g2 = 0, g3 = 0;
  int n = s->n;
  h[0] = 0;
  for (int t = 0; t < n; t++) {
    a[t] = w->w1 * s->x[t] + w->w2 * h[t];
    h[t + 1] = a[t] > 0 ? a[t] : 0;
  }
  double yhat = w->w3 * h[n];
  double lg = yhat - s->y;
  if (exact) g3 += h[n] * lg;
  double dh = w->w3 * lg;
  for (int t = n - 1; t >= 0; t--) {
    double tmp = dh * (a[t] > 0 ? 1.0 : 0.0);
    g2 += tmp * h[t];
    g1 += tmp * s->x[t];
    dh = tmp * w->w2;
  }
  w->w1 -= g1 * lr;
  w->w2 -= g2 * lr;
  w->w3 -= g3 * lr;
}

typedef struct {
  double w1, w2, w3, b, c;
} cell_weights;

/* One sample step of the generalised cell: tanh, both biases trained. */
static inline void cell_step(cell_weights *w, const sample *s, double lr) {
  double h[MAX_N + 1];
  double g1 = 0, g2 = 0, g3 = 0, gb = 0, gc = 0;
  int n = s->n;
  h[0] = 0;
  for (int t = 0; t < n; t++) h[t + 1] = tanh(w->w1 * s->x[t] + w->w2 * h[t] + w->b);
  double yhat = w->w3 * h[n] + w->c;
  double lg = yhat - s->y;
  g3 += h[n] * lg;
  gc += lg;
  double dh = w->w3 * lg;
  for (int t = n - 1; t >= 0; t--) {
    double tmp = dh * (1 - h[t + 1] * h[t + 1]);
    g2 += tmp * h[t];
    g1 += tmp * s->x[t];
    gb += tmp;
    dh = tmp * w->w2;
  }
  w->w1 -= g1 * lr;
  w->w2 -= g2 * lr;
  w->w3 -= g3 * lr;
  w->b -= gb * lr;
  w->c -= gc * lr;
}

static cell_weights train_cell(cell_weights w, long steps, double lr) {
  int s = 0;
  for (long i = 0; i < steps; i++) {
    cell_step(&w, &slopes[s], lr);
    if (++s == 3) s = 0;
  }
  return w;
}

/* `steps` sample steps cycling through the data in order (whole epochs when steps % 3 == 0). */
static weights train(weights w, long steps, int exact, double lr) {
  int s = 0;
  for (long i = 0; i < steps; i++) {
    sample_step(&w, &slopes[s], exact, lr);
    if (++s == 3) s = 0;
  }
  return w;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Keeps the optimizer from dropping the timed loops. */
static volatile double sink;

int main(int argc, char **argv) {
  long timing_steps = argc > 1 ? atol(argv[1]) : 20000000L;
  if (timing_steps < 3) timing_steps = 3;
  const weights start = {0.5, 0.3, 0.8};
  const double lr = 0.001;
  const long epochs = 20000;

  for (int exact = 1; exact >= 0; exact--) {
    weights w = train(start, epochs * 3, exact, lr);
    const char *mode = exact ? "exact" : "article";
    printf("%s w1 = %.17g\n", mode, w.w1);
    printf("%s w2 = %.17g\n", mode, w.w2);
    printf("%s w3 = %.17g\n", mode, w.w3);
  }

  for (int exact = 1; exact >= 0; exact--) {
    double best = 1e300;
    for (int run = 0; run < 5; run++) {
      /* The volatile read keeps the compiler from folding the run at compile time. */
      weights from = {start.w1 + sink * 0, start.w2, start.w3};
      double t0 = now_ns();
      weights w = train(from, timing_steps, exact, lr);
      double t1 = now_ns();
      sink = w.w1 + w.w2 + w.w3;
      double ns = (t1 - t0) / (double)timing_steps;
      if (ns < best) best = ns;
    }
    printf("ns_per_sample_step %s %.3f\n", exact ? "exact" : "article", best);
  }
  {
    const cell_weights from = {start.w1, start.w2, start.w3, 0, 0};
    cell_weights w = train_cell(from, epochs * 3, lr);
    printf("cell w1 = %.17g\ncell w2 = %.17g\ncell w3 = %.17g\n", w.w1, w.w2, w.w3);
    printf("cell b = %.17g\ncell c = %.17g\n", w.b, w.c);
    double best = 1e300;
    for (int run = 0; run < 5; run++) {
      cell_weights f = {start.w1 + sink * 0, start.w2, start.w3, 0, 0};
      double t0 = now_ns();
      w = train_cell(f, timing_steps, lr);
      double t1 = now_ns();
      sink = w.w1 + w.w2 + w.w3 + w.b + w.c;
      double ns = (t1 - t0) / (double)timing_steps;
      if (ns < best) best = ns;
    }
    printf("ns_per_sample_step cell %.3f\n", best);
  }
  printf("timing_steps %ld\n", timing_steps);
  return 0;
}
