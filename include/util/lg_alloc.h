/* lg_alloc.h - allocation that aborts with a log line on out-of-memory (any thread).
 * A size limit is not OOM: callers check limits themselves and report ordinary errors. */
#ifndef LG_UTIL_ALLOC_H
#define LG_UTIL_ALLOC_H
#include <stddef.h>

void *lg_xmalloc(size_t n);
void *lg_xcalloc(size_t n, size_t size);
void *lg_xrealloc(void *p, size_t n);
char *lg_xstrdup(const char *s);
char *lg_xstrndup(const char *s, size_t n);
void *lg_xmemdup(const void *p, size_t n);

#define LG_MUSTCHECK __attribute__((warn_unused_result))
#define LG_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define lg_container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#ifdef LG_DEBUG
#include <assert.h>
#define LG_ASSERT(x) assert(x)
#define LG_NEVER(x) (assert(!(x)), (x))
#else
#define LG_ASSERT(x) ((void)0)
#define LG_NEVER(x) (x)
#endif

#endif
