/* lg_alloc.c - aborting allocators: out of memory is logged and ends the process. */
#include "lg_alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "litegres: FATAL out of memory allocating %zu bytes\n", n);
    abort();
}

void *lg_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *lg_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *lg_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *lg_xstrdup(const char *s)
{
    return lg_xmemdup(s, strlen(s) + 1);
}

char *lg_xstrndup(const char *s, size_t n)
{
    char *d = lg_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void *lg_xmemdup(const void *p, size_t n)
{
    void *d = lg_xmalloc(n);
    if (n)
        memcpy(d, p, n);
    return d;
}
