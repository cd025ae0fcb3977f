// Speed reference: LIBMF's own C++ (mf.cpp from the libmf PyPI sdist) built with SSE or
// AVX, trained single-threaded on a userId,movieId,rating,timestamp CSV.
// Build: g++ -O3 -DUSESSE -std=c++11 -pthread bench/libmf_driver.cpp SRC/mf.cpp -I SRC
// Usage: libmf_driver TRAIN.csv TEST.csv [k] [iters]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <unordered_map>
#include <vector>

#include <string>

#include "mf.h"

using namespace mf;

static std::vector<mf_node> load(const char *path, std::unordered_map<long, int> &users,
                                 std::unordered_map<long, int> &items, bool grow) {
  std::vector<mf_node> out;
  FILE *f = std::fopen(path, "r");
  char line[256];
  std::fgets(line, sizeof line, f);
  long u, i, t;
  float r;
  while (std::fscanf(f, "%ld,%ld,%f,%ld", &u, &i, &r, &t) == 4) {
    if (grow) {
      if (!users.count(u)) users[u] = (int)users.size();
      if (!items.count(i)) items[i] = (int)items.size();
    }
    auto uu = users.find(u), ii = items.find(i);
    out.push_back({uu == users.end() ? -1 : uu->second, ii == items.end() ? -1 : ii->second, r});
  }
  std::fclose(f);
  return out;
}

int main(int argc, char **argv) {
  std::unordered_map<long, int> users, items;
  auto train = load(argv[1], users, items, true);
  auto test = load(argv[2], users, items, false);
  int k = argc > 3 ? std::atoi(argv[3]) : 100;
  int iters = argc > 4 ? std::atoi(argv[4]) : 20;
  mf_problem prob{(mf_int)users.size(), (mf_int)items.size(), (mf_long)train.size(), train.data()};
  mf_parameter param = mf_get_default_param();
  param.k = k;
  int threads = argc > 5 ? std::atoi(argv[5]) : 1;
  param.nr_threads = threads;
  param.nr_iters = iters;
  param.quiet = true;
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  mf_model *model = mf_train(&prob, param);
  std::clock_t c1 = std::clock();
  auto t1 = std::chrono::steady_clock::now();
  double sse = 0;
  long n = 0;
  for (auto &x : test) {
    float p = (x.u < 0 || x.v < 0) ? model->b : mf_predict(model, x.u, x.v);
    p = p < 1 ? 1 : (p > 5 ? 5 : p);
    sse += (p - x.r) * (p - x.r);
    n++;
  }
  double wall = std::chrono::duration<double>(t1 - t0).count();
  double cpu = double(c1 - c0) / CLOCKS_PER_SEC;
  double updates = double(train.size()) * iters;
  std::printf("impl=libmf k=%d iters=%d threads=%d lambda=%.3f eta=%.3f\n", k, iters, threads,
              param.lambda_p2, param.eta);
  std::printf("fit_seconds=%.3f\nfit_cpu_seconds=%.3f\n", wall, cpu);
  std::printf("updates_per_second=%.3fM\nupdates_per_cpu_second=%.3fM\n", updates / wall / 1e6,
              updates / cpu / 1e6);
  std::printf("test_rmse=%.5f\n", std::sqrt(sse / n));
  mf_destroy_model(&model);
}
