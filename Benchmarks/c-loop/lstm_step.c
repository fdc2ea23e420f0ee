/*
 * The scalar LSTM's training loop in plain C: the yardstick for MiniLSTM.train's speed.
 *
 * Same equations, with the float operations in the same order, as Sources/RNN/LSTMCell.swift
 * and LSTMTraining.swift (σ and tanh come from the C library here, from Elementary.swift
 * there, so the last bits may differ):
 *   forward   z_k = wx_k*x_t + wh_k*h_{t-1} + b_k for k = i, f, g, o;
 *             i, f, o = 1/(1 + exp(-z));  g = tanh(z_g);
 *             c_t = f*c_{t-1} + i*g;  h_t = o*tanh(c_t);  yhat = wy*h_n + by
 *   backward  lg = yhat - y;  g_wy += h_n*lg;  g_by += lg;  dh = wy*lg;  dc = 0;
 *             for t = n..1: dc += dh*o*(1 - tanh(c_t)^2);
 *                           d_i = dc*g, d_f = dc*c_{t-1}, d_g = dc*i, d_o = dh*tanh(c_t);
 *                           dz_k = d_k*(σ: s*(1 - s), tanh: 1 - g*g);
 *                           g_wx_k += dz_k*x_t; g_wh_k += dz_k*h_{t-1}; g_b_k += dz_k;
 *                           dh = Σ dz_k*wh_k;  dc = dc*f
 *   update    p -= g_p*lr for all 14, then every g_p = 0
 *
 *   cc -O2 -ffp-contract=off -o lstm_step lstm_step.c -lm
 *
 * Usage: lstm_step [timing-steps]   (default 2,000,000 sample steps on zigzag)
 * Prints the 14 parameters after 2,000 epochs on zigzag at lr 0.1 from the hand-derived
 * start of Tests/RNNTests/LSTMHandDerivedTests.swift with %.17g, then
 * `ns_per_sample_step <ns>` and `ns_per_timestep <ns>` (best of 5 runs).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { MAX_N = 8, N_SAMPLES = 2 };

typedef struct {
  int n;
  double x[MAX_N];
  double y;
} sample;

/* §4's two zigzag series of length 5. */
static const sample zigzag[N_SAMPLES] = {
    {5, {0, 1, 0, 1, 0}, 1},
    {5, {1, 0, 1, 0, 1}, 0},
};

/* Gates in nn.LSTM's order: i, f, g, o; each has wx, wh, b. Then wy, by. */
enum { I, F, G, O };
typedef struct {
  double wx[4], wh[4], b[4];
  double wy, by;
} params;

static inline double sigmoid(double z) { return 1 / (1 + exp(-z)); }

/* One sample step: forward, backward, update, zero. */
static inline void sample_step(params *w, const sample *s, double lr) {
  double gate[MAX_N][4], tc[MAX_N], h[MAX_N + 1], c[MAX_N + 1];
  params g = {{0}, {0}, {0}, 0, 0};
  int n = s->n;
  h[0] = 0;
  c[0] = 0;
  for (int t = 0; t < n; t++) {
    double z[4];
    for (int k = 0; k < 4; k++) z[k] = w->wx[k] * s->x[t] + w->wh[k] * h[t] + w->b[k];
    gate[t][I] = sigmoid(z[I]);
    gate[t][F] = sigmoid(z[F]);
    gate[t][G] = tanh(z[G]);
    gate[t][O] = sigmoid(z[O]);
    c[t + 1] = gate[t][F] * c[t] + gate[t][I] * gate[t][G];
    tc[t] = tanh(c[t + 1]);
    h[t + 1] = gate[t][O] * tc[t];
  }
  double yhat = w->wy * h[n] + w->by;
  double lg = yhat - s->y;
  g.wy += h[n] * lg;
  g.by += lg;
  double dh = w->wy * lg, dc = 0;
  for (int t = n - 1; t >= 0; t--) {
    const double *v = gate[t];
    double dct = dc + dh * v[O] * (1 - tc[t] * tc[t]);
    double dz[4];
    dz[I] = (dct * v[G]) * (v[I] * (1 - v[I]));
    dz[F] = (dct * c[t]) * (v[F] * (1 - v[F]));
    dz[G] = (dct * v[I]) * (1 - v[G] * v[G]);
    dz[O] = (dh * tc[t]) * (v[O] * (1 - v[O]));
    for (int k = 0; k < 4; k++) {
      g.wx[k] += dz[k] * s->x[t];
      g.wh[k] += dz[k] * h[t];
      g.b[k] += dz[k];
    }
    dh = dz[I] * w->wh[I] + dz[F] * w->wh[F] + dz[G] * w->wh[G] + dz[O] * w->wh[O];
    dc = dct * v[F];
  }
  for (int k = 0; k < 4; k++) {
    w->wx[k] -= g.wx[k] * lr;
    w->wh[k] -= g.wh[k] * lr;
    w->b[k] -= g.b[k] * lr;
  }
  w->wy -= g.wy * lr;
  w->by -= g.by * lr;
}

static params train(params w, long steps, double lr) {
  int s = 0;
  for (long i = 0; i < steps; i++) {
    sample_step(&w, &zigzag[s], lr);
    if (++s == N_SAMPLES) s = 0;
  }
  return w;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile double sink;

int main(int argc, char **argv) {
  long timing_steps = argc > 1 ? atol(argv[1]) : 2000000L;
  if (timing_steps < N_SAMPLES) timing_steps = N_SAMPLES;
  /* The hand-derived start: i (1, 0.5, 0), f (0.5, -0.5, 1), g (1, 1, 0), o (0.5, 0.5, 0). */
  const params start = {{1, 0.5, 1, 0.5}, {0.5, -0.5, 1, 0.5}, {0, 1, 0, 0}, 2, 0.5};
  const double lr = 0.1;

  params w = train(start, 2000L * N_SAMPLES, lr);
  const char *gates = "ifgo";
  for (int k = 0; k < 4; k++) {
    printf("%c.wx = %.17g\n%c.wh = %.17g\n%c.b = %.17g\n", gates[k], w.wx[k], gates[k],
           w.wh[k], gates[k], w.b[k]);
  }
  printf("wy = %.17g\nby = %.17g\n", w.wy, w.by);

  double best = 1e300;
  for (int run = 0; run < 5; run++) {
    params from = start;
    from.wy += sink * 0;
    double t0 = now_ns();
    params end = train(from, timing_steps, lr);
    double t1 = now_ns();
    sink = end.wy + end.by + end.wx[0];
    double ns = (t1 - t0) / (double)timing_steps;
    if (ns < best) best = ns;
  }
  printf("ns_per_sample_step %.3f\n", best);
  printf("ns_per_timestep %.3f\n", best / zigzag[0].n);
  printf("timing_steps %ld\n", timing_steps);
  return 0;
}
