/*
 * The vector RNN's training loop in plain C: the yardstick for VectorRNN.train's speed.
 *
 * K = 4 hidden units, tanh, a loss at every step, biases trained, on 4 sequences of n = 20.
 * Same equations, with the float operations in the same order, as VectorSampleStep in
 * Sources/RNN/VectorRNN/VectorRNN.swift (tanh comes from the C library here, from
 * Elementary.swift there, so the last bits may differ):
 *   forward   a_i = wxh_i*x_t + whh_i1*h_{t-1,1} + ... + whh_iK*h_{t-1,K}, then + b_i;
 *             h_t,i = tanh(a_i);  slope_t,i = 1 - h_t,i*h_t,i;
 *             yhat_t = wy_1*h_t,1 + ... + wy_K*h_t,K, then + c
 *   loss      sum over t of 0.5*((y_t - yhat_t)^2)
 *   backward  for t = n..1: gy = yhat_t - y_t;  g_wy_i += h_t,i*gy;  g_c += gy;
 *             dh_j = wy_j*gy (+ whh_1j*da_1 + ... + whh_Kj*da_K below t = n, da from t+1);
 *             da_i = dh_i*slope_t,i;  g_wxh_i += da_i*x_t;  g_whh_ij += da_i*h_{t-1,j};
 *             g_b_i += da_i
 *   update    p -= g_p*lr for every parameter, then every g_p = 0
 *
 *   cc -O2 -ffp-contract=off -o vector_step vector_step.c -lm
 *
 * Usage: vector_step [timing-steps]   (default 500,000 sample steps)
 * The data: x_t = ((7t + 3s) mod 10)/10 for sample s = 1..4, t = 1..20, and y_t = x_{t-1}
 * (0 at t = 1), an echo with delay 1. The start: parameter p (in minirnn's order: W_xh, W_hh
 * row by row, b, w_y, c; p from 0) is ((7p mod 11) - 5)/10. Prints the 29 parameters after 200
 * epochs at lr 0.01 with %.17g, then `ns_per_sample_step <ns>` and `ns_per_timestep <ns>`
 * (best of 5 runs). minirnn-bench (k) builds the same data and start.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { K = 4, N = 20, N_SAMPLES = 4, N_PARAMS = K * K + 3 * K + 1 };

typedef struct {
  double x[N], y[N];
} sample;

typedef struct {
  double wxh[K], whh[K * K], b[K], wy[K], c;
} params;

static sample data[N_SAMPLES];

/* One sample step: forward, backward, update, zero. Returns the sample's loss. */
static inline double sample_step(params *w, const sample *s, double lr) {
  double h[(N + 1) * K], slope[N * K], yhat[N], dh[K], da[K];
  params g = {{0}, {0}, {0}, {0}, 0};
  for (int i = 0; i < K; i++) h[i] = 0;
  for (int t = 1; t <= N; t++) {
    int previous = (t - 1) * K, current = t * K;
    for (int i = 0; i < K; i++) {
      double a = w->wxh[i] * s->x[t - 1] + w->whh[i * K] * h[previous];
      for (int j = 1; j < K; j++) a += w->whh[i * K + j] * h[previous + j];
      a += w->b[i];
      double hi = tanh(a);
      h[current + i] = hi;
      slope[previous + i] = 1 - hi * hi;
    }
    double out = w->wy[0] * h[current];
    for (int i = 1; i < K; i++) out += w->wy[i] * h[current + i];
    yhat[t - 1] = out + w->c;
  }
  double loss = 0;
  for (int t = 0; t < N; t++) {
    double d = s->y[t] - yhat[t];
    loss += 0.5 * (d * d);
  }
  for (int t = N; t >= 1; t--) {
    int current = t * K, previous = (t - 1) * K;
    double gy = yhat[t - 1] - s->y[t - 1];
    for (int i = 0; i < K; i++) g.wy[i] += h[current + i] * gy;
    g.c += gy;
    for (int j = 0; j < K; j++) {
      double from_output = w->wy[j] * gy;
      if (t < N) {
        double back = w->whh[j] * da[0];
        for (int i = 1; i < K; i++) back += w->whh[i * K + j] * da[i];
        dh[j] = from_output + back;
      } else {
        dh[j] = from_output;
      }
    }
    for (int i = 0; i < K; i++) {
      double dai = dh[i] * slope[previous + i];
      da[i] = dai;
      g.wxh[i] += dai * s->x[t - 1];
      for (int j = 0; j < K; j++) g.whh[i * K + j] += dai * h[previous + j];
      g.b[i] += dai;
    }
  }
  for (int i = 0; i < K; i++) w->wxh[i] -= g.wxh[i] * lr;
  for (int i = 0; i < K * K; i++) w->whh[i] -= g.whh[i] * lr;
  for (int i = 0; i < K; i++) w->b[i] -= g.b[i] * lr;
  for (int i = 0; i < K; i++) w->wy[i] -= g.wy[i] * lr;
  w->c -= g.c * lr;
  return loss;
}

static double last_loss;

static params train(params w, long steps, double lr) {
  int s = 0;
  double loss = 0;
  for (long i = 0; i < steps; i++) {
    loss += sample_step(&w, &data[s], lr);
    if (++s == N_SAMPLES) s = 0;
  }
  last_loss = loss;
  return w;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile double sink;

int main(int argc, char **argv) {
  long timing_steps = argc > 1 ? atol(argv[1]) : 500000L;
  if (timing_steps < N_SAMPLES) timing_steps = N_SAMPLES;
  for (int s = 0; s < N_SAMPLES; s++) {
    for (int t = 1; t <= N; t++) {
      data[s].x[t - 1] = (double)((7 * t + 3 * (s + 1)) % 10) / 10;
      data[s].y[t - 1] = t == 1 ? 0 : data[s].x[t - 2];
    }
  }
  params start;
  double *p = (double *)&start;
  for (int i = 0; i < N_PARAMS; i++) p[i] = (double)((7 * i) % 11 - 5) / 10;
  const double lr = 0.01;

  params w = train(start, 200L * N_SAMPLES, lr);
  for (int i = 0; i < K; i++) printf("W_xh[%d] = %.17g\n", i + 1, w.wxh[i]);
  for (int i = 0; i < K; i++)
    for (int j = 0; j < K; j++) printf("W_hh[%d,%d] = %.17g\n", i + 1, j + 1, w.whh[i * K + j]);
  for (int i = 0; i < K; i++) printf("b[%d] = %.17g\n", i + 1, w.b[i]);
  for (int i = 0; i < K; i++) printf("w_y[%d] = %.17g\n", i + 1, w.wy[i]);
  printf("c = %.17g\n", w.c);

  double best = 1e300;
  for (int run = 0; run < 5; run++) {
    params from = start;
    from.c += sink * 0;
    double t0 = now_ns();
    params end = train(from, timing_steps, lr);
    double t1 = now_ns();
    sink = end.c + end.wxh[0] + last_loss;
    double ns = (t1 - t0) / (double)timing_steps;
    if (ns < best) best = ns;
  }
  printf("ns_per_sample_step %.3f\n", best);
  printf("ns_per_timestep %.3f\n", best / N);
  printf("timing_steps %ld\n", timing_steps);
  return 0;
}
