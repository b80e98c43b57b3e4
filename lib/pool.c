/*
 * pool.c - the one worker pool: run fn(arg, worker, i) for every i in
 * [0, n) on a number of threads that -j decides.
 */
#include "base.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

int isms_pool_size(int jobs, size_t n, size_t per_thread)
{
	long t = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);

	if (t < 1)
		t = 1;
	if (t > ISMS_POOL_MAX)
		t = ISMS_POOL_MAX;
	if (per_thread && (size_t)t > n / per_thread + 1)
		t = (long)(n / per_thread + 1);
	return (int)t;
}

struct pool {
	size_t next, n, block;
	int stop;
	pthread_mutex_t lock;
	isms_pool_fn *fn;
	void *arg;
};

struct pool_thread {
	struct pool *p;
	int worker;
};

static void *pool_work(void *arg)
{
	struct pool_thread *th = arg;
	struct pool *p = th->p;

	for (;;) {
		size_t i, end;

		pthread_mutex_lock(&p->lock);
		i = p->stop ? p->n : p->next;
		end = p->n - i > p->block ? i + p->block : p->n;
		p->next = end;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			break;
		for (; i < end; i++) {
			if (p->fn(p->arg, th->worker, i) == 0)
				continue;
			pthread_mutex_lock(&p->lock);
			p->stop = 1;
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
	}
	return NULL;
}

int isms_pool_run(int threads, size_t n, size_t block, isms_pool_fn *fn,
	void *arg)
{
	struct pool p = { 0, n, block ? block : 1, 0, PTHREAD_MUTEX_INITIALIZER,
		fn, arg };
	struct pool_thread th[ISMS_POOL_MAX];
	pthread_t tid[ISMS_POOL_MAX];
	int t;

	if (threads < 1)
		threads = 1;
	if (threads > ISMS_POOL_MAX)
		threads = ISMS_POOL_MAX;
	for (t = 0; t < threads; t++) {
		th[t].p = &p;
		th[t].worker = t;
	}
	/* The calling thread is worker 0. */
	for (t = 1; t < threads; t++)
		if (pthread_create(&tid[t], NULL, pool_work, &th[t]) != 0)
			abort();
	pool_work(&th[0]);
	for (t = 1; t < threads; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&p.lock);
	return p.stop ? -1 : 0;
}
