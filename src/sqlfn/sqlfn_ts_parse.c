/* sqlfn_ts_parse.c - text search configurations and the word splitter (see sqlfn_ts.h):
 * tokens are runs of letters/digits (ICU classes); "3.14" stays one number; a hyphenated
 * word gives the compound then each part, each at its own position. The 'english'
 * configuration drops PostgreSQL's English stop words (they still take a position) and
 * stems letter words with Snowball's English stemmer; words with digits are only
 * lower-cased, as PostgreSQL's english configuration maps numwords to 'simple'. */
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_ts.h"

static const char *const k_english_stop[] = {
    "a",      "about",  "above", "after", "again",   "against",   "all",        "am",
    "an",     "and",    "any",   "are",   "as",      "at",        "be",         "because",
    "been",   "before", "being", "below", "between", "both",      "but",        "by",
    "can",    "did",    "do",    "does",  "doing",   "don",       "down",       "during",
    "each",   "few",    "for",   "from",  "further", "had",       "has",        "have",
    "having", "he",     "her",   "here",  "hers",    "herself",   "him",        "himself",
    "his",    "how",    "i",     "if",    "in",      "into",      "is",         "it",
    "its",    "itself", "just",  "me",    "more",    "most",      "my",         "myself",
    "no",     "nor",    "not",   "now",   "of",      "off",       "on",         "once",
    "only",   "or",     "other", "our",   "ours",    "ourselves", "out",        "over",
    "own",    "s",      "same",  "she",   "should",  "so",        "some",       "such",
    "t",      "than",   "that",  "the",   "their",   "theirs",    "them",       "themselves",
    "then",   "there",  "these", "they",  "this",    "those",     "through",    "to",
    "too",    "under",  "until", "up",    "very",    "was",       "we",         "were",
    "what",   "when",   "where", "which", "while",   "who",       "whom",       "why",
    "will",   "with",   "you",   "your",  "yours",   "yourself",  "yourselves",
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_stop(const char *w)
{
    return bsearch(&w, k_english_stop, sizeof k_english_stop / sizeof k_english_stop[0],
                   sizeof k_english_stop[0], cmp_str) != NULL;
}

bool sqlfn__ts_cfg(sqlite3_context *ctx, const char *name, ts_cfg_t *out)
{
    const char *n = name ? name : "";
    if (strncasecmp(n, "pg_catalog.", 11) == 0)
        n += 11;
    if (strcasecmp(n, "simple") == 0) {
        *out = TS_CFG_SIMPLE;
        return true;
    }
    if (strcasecmp(n, "english") == 0) {
        *out = TS_CFG_ENGLISH;
        return true;
    }
    sqlfn__error(ctx, "42704", "text search configuration \"%s\" does not exist", n);
    return false;
}

void sqlfn__ts_words_free(ts_words_t *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->w[i].lex);
    free(w->w);
    memset(w, 0, sizeof *w);
}

static void words_add(ts_words_t *w, char *lex, size_t len, int pos)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->w = lg_xrealloc(w->w, w->cap * sizeof w->w[0]);
    }
    w->w[w->n++] = (ts_word_t){lex, len, pos};
}

/* Lower-cased copy of s[0..n) (NUL-terminated, length in *out_n). */
static char *lower_dup(const char *s, size_t n, size_t *out_n)
{
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    for (size_t i = 0; i < n;) {
        size_t l;
        int32_t c = sqlfn__utf8_decode((const unsigned char *)s, n, i, &l);
        sqlfn__utf8_put(&b, u_tolower(c));
        i += l;
    }
    lg_buf_putc(&b, '\0');
    char *r = lg_xmalloc(b.len);
    memcpy(r, b.data, b.len);
    *out_n = b.len - 1;
    lg_buf_deinit(&b);
    return r;
}

static bool is_alnum_at(const char *s, size_t n, size_t i, size_t *len)
{
    if (i >= n)
        return false;
    int32_t c = sqlfn__utf8_decode((const unsigned char *)s, n, i, len);
    return u_isalnum(c) != 0;
}

static bool is_digit_at(const char *s, size_t n, size_t i)
{
    return i < n && s[i] >= '0' && s[i] <= '9';
}

/* End of the word chunk starting at i: alphanumerics with single inner '-' (compound) and
 * '.' between digits (a number). */
static size_t chunk_end(const char *s, size_t n, size_t i, bool *hyphen)
{
    size_t l;
    *hyphen = false;
    while (i < n) {
        if (is_alnum_at(s, n, i, &l)) {
            i += l;
        } else if (s[i] == '-' && is_alnum_at(s, n, i + 1, &l)) {
            *hyphen = true;
            i++;
        } else if (s[i] == '.' && i > 0 && is_digit_at(s, n, i - 1) && is_digit_at(s, n, i + 1)) {
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* Normalizes one token and appends it (NULL lexeme for a stop word). */
static void add_token(ts_cfg_t cfg, struct sb_stemmer *st, const char *s, size_t n, int pos,
                      ts_words_t *out)
{
    size_t ln;
    char *w = lower_dup(s, n, &ln);
    bool digits = strpbrk(w, "0123456789") != NULL;
    if (cfg == TS_CFG_ENGLISH && !digits) {
        if (is_stop(w)) {
            free(w);
            words_add(out, NULL, 0, pos);
            return;
        }
        const sb_symbol *r = st ? sb_stemmer_stem(st, (const sb_symbol *)w, (int)ln) : NULL;
        if (r) {
            size_t rn = (size_t)sb_stemmer_length(st);
            char *x = lg_xmalloc(rn + 1);
            memcpy(x, r, rn);
            x[rn] = '\0';
            free(w);
            w = x;
            ln = rn;
        }
    }
    words_add(out, w, ln, pos);
}

int sqlfn__ts_parse_text(sqlite3_context *ctx, ts_cfg_t cfg, const char *s, size_t n, int first_pos,
                         ts_words_t *out)
{
    struct sb_stemmer *st = NULL;
    if (cfg == TS_CFG_ENGLISH && (st = sb_stemmer_new("english", "UTF_8")) == NULL) {
        sqlfn__error(ctx, "XX000", "could not create the English stemmer");
        return LG_ENOMEM;
    }
    int pos = first_pos;
    size_t l = 1;
    for (size_t i = 0; i < n;) {
        if (!is_alnum_at(s, n, i, &l)) {
            i += l ? l : 1;
            continue;
        }
        bool hyphen;
        size_t e = chunk_end(s, n, i, &hyphen);
        add_token(cfg, st, s + i, e - i, pos < TS_MAX_POS ? pos : TS_MAX_POS, out);
        pos++;
        for (size_t p = i; hyphen && p < e;) {
            size_t q = p;
            while (q < e && s[q] != '-')
                q++;
            add_token(cfg, st, s + p, q - p, pos < TS_MAX_POS ? pos : TS_MAX_POS, out);
            pos++;
            p = q + 1;
        }
        i = e;
    }
    if (st)
        sb_stemmer_delete(st);
    return 0;
}
