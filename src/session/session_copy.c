/* session_copy.c - COPY ... TO STDOUT and COPY ... FROM STDIN (text, CSV and binary formats).
 *
 * TO: the query (or `SELECT cols FROM table`) runs as an exec run in copy-out mode, which
 * emits CopyOutResponse, CopyData lines, CopyDone and "COPY n".
 * FROM: the target columns are learned by describing `SELECT cols FROM table LIMIT 0`;
 * then `INSERT INTO table (cols) VALUES ($1..$n)` is translated once and run per row, with
 * the fields as text parameters (so every column type validates its input as on
 * PostgreSQL; the binary format's fields go as binary parameters). Records are inserted COPY_BATCH
 * at a time by one multi-row INSERT (one worker job instead of one per row); the rest at the end,
 * or a batch that failed, go one row at a time, so an error names its exact line (the failed batch
 * statement undid its own rows). The whole COPY is one transaction (an implicit block unless one is
 * open). While copying, CopyData bytes accumulate in a bounded buffer; complete records are parsed
 * and inserted one after another; CopyDone flushes the last record and completes the statement;
 * CopyFail or an error ends it with ErrorResponse, after which the remaining copy messages are
 * ignored (as PostgreSQL does). Loop thread. */
#include "session_int.h"
#include "lg_alloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_BUF_MAX (64u << 20)
#define COPY_MAX_COLS 1600
#define COPY_BATCH 100          /* rows per multi-row INSERT ... */
#define COPY_BATCH_PARAMS 30000 /* ... within SQLite's 32766 parameters */
#define COPY_LINE_SHOWN 100     /* bytes of a record an error's CONTEXT shows, as PostgreSQL */
#define COPY_FORCE_NOT_NULL 1
#define COPY_FORCE_NULL 2

struct copy_in {
    portal_t *p;
    const translate_stmt_t *st;
    translate_result_t *ins;
    int ncols;
    char **names;
    lg_buf_t data;
    bool header_pending;
    bool done;             /* CopyDone received */
    int bad_nf;            /* fields of the last record read (the count a 22P04 is about) */
    char bad_msg[96];      /* a binary-format error (next_record returned -4): its message, */
    int bad_col;           /* ... the column it is about (-1 none) */
    bool bad_header;       /* ... or it is about the file header (no line) */
    uint8_t *force;        /* per column: COPY_FORCE_NOT_NULL | COPY_FORCE_NULL (CSV) */
    lg_pgerr_t header_err; /* HEADER MATCH: why the header line does not match */
    char line[COPY_LINE_SHOWN + 4]; /* the last record's text, as an error's CONTEXT shows it */
    uint64_t rows;
    /* the record being inserted */
    lg_buf_t fields; /* unescaped field bytes, NUL-separated */
    const uint8_t **vals;
    int32_t *lens;
    /* records parsed but not inserted yet: their fields back to back in batch, each field
     * as (offset, length) with length -1 for NULL */
    translate_result_t *ins_batch; /* INSERT ... VALUES (...) x batch_rows, NULL = none */
    int batch_rows;
    lg_buf_t batch;
    size_t *boff;
    int32_t *blen;
    int nb;        /* records held */
    int drain;     /* next held record to insert one by one (draining when < nb) */
    bool draining; /* inserting the held records one at a time */
};

static void copy_free(session_t *s)
{
    copy_in_t *c = s->copy;
    if (!c)
        return;
    s->copy = NULL;
    if (c->ins)
        translate_result_unref(c->ins);
    if (c->ins_batch)
        translate_result_unref(c->ins_batch);
    lg_buf_deinit(&c->batch);
    free(c->boff);
    free(c->blen);
    for (int i = 0; i < c->ncols; i++)
        free(c->names[i]);
    free(c->names);
    free(c->force);
    lg_buf_deinit(&c->data);
    lg_buf_deinit(&c->fields);
    free(c->vals);
    free(c->lens);
    free(c);
}

static void copy_end(session_t *s, const lg_pgerr_t *err)
{
    copy_in_t *c = s->copy;
    portal_t *p = c->p;
    if (err) {
        session__stmt_error(s, err);
    } else {
        char tag[40];
        snprintf(tag, sizeof(tag), "COPY %llu", (unsigned long long)c->rows);
        proto_be_command_complete(&s->out, tag);
    }
    copy_free(s);
    s->busy = true; /* the statement's callback resumes the input loop */
    p->done = true;
    p->cb(s, p, err == NULL);
}

static void copy_errorf(session_t *s, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void copy_errorf(session_t *s, const char *sqlstate, const char *fmt, ...)
{
    lg_pgerr_t e;
    char msg[LG_PGERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    lg_pgerr_set(&e, sqlstate, "%s", msg);
    copy_end(s, &e);
}

/* ---- record parsing ---- */

static int unhex(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Appends one text-format field with its backslash escapes decoded. */
static size_t text_unescape(lg_buf_t *b, const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t ch = p[i++];
        if (ch != '\\' || i >= n) {
            lg_buf_putc(b, ch);
            continue;
        }
        ch = p[i++];
        static const char from[] = "bfnrtv", to[] = "\b\f\n\r\t\v";
        const char *k = strchr(from, ch);
        if (k && ch) {
            lg_buf_putc(b, (uint8_t)to[k - from]);
        } else if (ch >= '0' && ch <= '7') {
            int v = ch - '0';
            for (int d = 0; d < 2 && i < n && p[i] >= '0' && p[i] <= '7'; d++)
                v = v * 8 + (p[i++] - '0');
            lg_buf_putc(b, (uint8_t)v);
        } else if (ch == 'x' && i < n && unhex(p[i]) >= 0) {
            int v = unhex(p[i++]);
            if (i < n && unhex(p[i]) >= 0)
                v = v * 16 + unhex(p[i++]);
            lg_buf_putc(b, (uint8_t)v);
        } else {
            lg_buf_putc(b, ch);
        }
    }
    return i;
}

/* Splits one text-format line into c->vals/lens; returns the number of fields. */
static int split_text(copy_in_t *c, const uint8_t *line, size_t n)
{
    const translate_stmt_t *st = c->st;
    size_t nulllen = strlen(st->copy_null);
    int nf = 0;
    size_t start = 0;
    size_t offs[COPY_MAX_COLS + 1];
    lg_buf_reset(&c->fields);
    for (size_t i = 0; i <= n && nf <= COPY_MAX_COLS; i++) {
        if (i < n && line[i] == '\\') {
            i++;
            continue;
        }
        if (i < n && line[i] != (uint8_t)st->copy_delim)
            continue;
        size_t flen = i - start;
        if (nf < c->ncols) {
            if (flen == nulllen && memcmp(line + start, st->copy_null, nulllen) == 0) {
                offs[nf] = SIZE_MAX;
            } else {
                offs[nf] = lg_buf_unread(&c->fields);
                text_unescape(&c->fields, line + start, flen);
                lg_buf_putc(&c->fields, 0);
            }
        }
        nf++;
        start = i + 1;
    }
    for (int k = 0; k < nf && k < c->ncols; k++) {
        c->vals[k] = offs[k] == SIZE_MAX ? NULL : lg_buf_rptr(&c->fields) + offs[k];
        c->lens[k] = offs[k] == SIZE_MAX ? -1 : (int32_t)strlen((const char *)c->vals[k]);
    }
    return nf;
}

/* Length of the next complete CSV record in p[0..n) (up to and including its newline),
 * or 0 when the record continues past the buffered bytes. */
static size_t csv_record_len(const translate_stmt_t *st, const uint8_t *p, size_t n)
{
    bool inq = false;
    for (size_t i = 0; i < n; i++) {
        if (inq) {
            if (p[i] == (uint8_t)st->copy_escape && st->copy_escape != st->copy_quote &&
                i + 1 < n && p[i + 1] == (uint8_t)st->copy_quote)
                i++;
            else if (p[i] == (uint8_t)st->copy_quote)
                inq = false;
        } else if (p[i] == (uint8_t)st->copy_quote) {
            inq = true;
        } else if (p[i] == '\n') {
            return i + 1;
        }
    }
    return 0;
}

static int split_csv(copy_in_t *c, const uint8_t *p, size_t n)
{
    const translate_stmt_t *st = c->st;
    size_t nulllen = strlen(st->copy_null);
    size_t offs[COPY_MAX_COLS + 1];
    int nf = 0;
    size_t i = 0;
    lg_buf_reset(&c->fields);
    for (;;) {
        size_t at = lg_buf_unread(&c->fields);
        bool quoted = false;
        size_t raw_start = i;
        while (i < n && p[i] != (uint8_t)st->copy_delim) {
            if (p[i] != (uint8_t)st->copy_quote) {
                lg_buf_putc(&c->fields, p[i++]);
                continue;
            }
            quoted = true;
            for (i++; i < n; i++) {
                if (p[i] == (uint8_t)st->copy_escape && i + 1 < n &&
                    p[i + 1] == (uint8_t)st->copy_quote) {
                    lg_buf_putc(&c->fields, p[++i]);
                } else if (p[i] == (uint8_t)st->copy_quote) {
                    i++;
                    break;
                } else {
                    lg_buf_putc(&c->fields, p[i]);
                }
            }
        }
        size_t raw_len = i - raw_start;
        lg_buf_putc(&c->fields, 0);
        if (nf < c->ncols && nf <= COPY_MAX_COLS)
            offs[nf] = (!quoted && raw_len == nulllen &&
                        memcmp(p + raw_start, st->copy_null, nulllen) == 0)
                           ? SIZE_MAX
                           : at;
        nf++;
        if (i >= n)
            break;
        i++; /* delimiter */
    }
    for (int k = 0; k < nf && k < c->ncols; k++) {
        c->vals[k] = offs[k] == SIZE_MAX ? NULL : lg_buf_rptr(&c->fields) + offs[k];
        c->lens[k] = offs[k] == SIZE_MAX ? -1 : (int32_t)strlen((const char *)c->vals[k]);
    }
    return nf;
}

/* ---- the binary format ---- */

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int bad_binary(copy_in_t *c, const char *msg)
{
    snprintf(c->bad_msg, sizeof(c->bad_msg), "%s", msg);
    c->bad_header = c->header_pending;
    if (c->bad_header)
        c->bad_col = -1;
    return -4;
}

/* The file header: signature, flags, extension area. 1 read, 0 incomplete, -4 bad. */
static int binary_header(copy_in_t *c)
{
    static const uint8_t k_sig[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};
    const uint8_t *p = lg_buf_rptr(&c->data);
    size_t n = lg_buf_unread(&c->data);
    if (memcmp(p, k_sig, n < 11 ? n : 11) != 0 || (c->done && n < 11))
        return bad_binary(c, "COPY file signature not recognized");
    if (n < 19)
        return c->done ? bad_binary(c, n < 15 ? "invalid COPY file header (missing flags)"
                                              : "invalid COPY file header (missing length)")
                       : 0;
    uint32_t flags = get_u32(p + 11), ext = get_u32(p + 15);
    if (flags & (1u << 16))
        return bad_binary(c, "invalid COPY file header (WITH OIDS)");
    if (flags >> 16)
        return bad_binary(c, "unrecognized critical flags in COPY file header");
    if (ext > 0x7fffffffu || (c->done && n - 19 < ext))
        return bad_binary(c, "invalid COPY file header (wrong length)");
    if (n - 19 < ext)
        return 0;
    lg_buf_consume(&c->data, 19 + (size_t)ext);
    c->header_pending = false;
    return 1;
}

/* Length of the tuple at p[0..n) with each field's offset and length (-1 NULL) into
 * offs/lens; 0 when incomplete, (size_t)-1 when malformed (message in c->bad_msg). */
static size_t binary_tuple_len(copy_in_t *c, const uint8_t *p, size_t n, size_t *offs,
                               int32_t *lens)
{
    size_t at = 2;
    int nf = (int16_t)(p[0] << 8 | p[1]);
    c->bad_col = -1;
    if (nf != c->ncols) {
        snprintf(c->bad_msg, sizeof(c->bad_msg), "row field count is %d, expected %d", nf,
                 c->ncols);
        return (size_t)-1;
    }
    for (int k = 0; k < nf; k++) {
        c->bad_col = k;
        if (n - at < 4)
            return 0;
        int32_t len = (int32_t)get_u32(p + at);
        at += 4;
        if (len < -1) {
            bad_binary(c, "invalid field size");
            return (size_t)-1;
        }
        offs[k] = at;
        lens[k] = len;
        if (len > 0 && n - at < (size_t)len)
            return 0;
        at += len > 0 ? (size_t)len : 0;
    }
    return at;
}

/* next_record for the binary format; also -4 on a malformed stream (c->bad_msg). */
static int next_binary(copy_in_t *c)
{
    if (c->header_pending) {
        int h = binary_header(c);
        if (h <= 0)
            return h;
    }
    const uint8_t *p = lg_buf_rptr(&c->data);
    size_t n = lg_buf_unread(&c->data);
    c->bad_col = -1;
    if (n < 2)
        return !c->done ? 0 : n == 0 ? -1 : bad_binary(c, "unexpected EOF in COPY data");
    if (p[0] == 0xff && p[1] == 0xff) { /* the trailer: nothing may follow it */
        if (n > 2)
            return bad_binary(c, "received copy data after EOF marker");
        if (!c->done)
            return 0;
        lg_buf_consume(&c->data, 2);
        return -1;
    }
    size_t offs[COPY_MAX_COLS + 1];
    size_t rec = binary_tuple_len(c, p, n, offs, c->lens);
    if (rec == (size_t)-1)
        return -4;
    if (rec == 0)
        return c->done ? bad_binary(c, "unexpected EOF in COPY data") : 0;
    lg_buf_reset(&c->fields);
    for (int k = 0; k < c->ncols; k++) {
        size_t len = c->lens[k] > 0 ? (size_t)c->lens[k] : 0;
        size_t at = lg_buf_unread(&c->fields);
        lg_buf_append(&c->fields, p + offs[k], len);
        offs[k] = at;
    }
    for (int k = 0; k < c->ncols; k++)
        c->vals[k] = c->lens[k] < 0 ? NULL : lg_buf_rptr(&c->fields) + offs[k];
    lg_buf_consume(&c->data, rec);
    return 1;
}

/* The record's text for an error's CONTEXT: its first COPY_LINE_SHOWN bytes (not cutting
 * a UTF-8 character), "..." when there is more. */
static void keep_line(copy_in_t *c, const uint8_t *p, size_t n)
{
    size_t k = n;
    if (k > COPY_LINE_SHOWN) {
        k = COPY_LINE_SHOWN;
        while (k > 0 && (p[k] & 0xC0) == 0x80)
            k--;
    }
    memcpy(c->line, p, k);
    if (k < n) {
        memcpy(c->line + k, "...", 3);
        k += 3;
    }
    c->line[k] = '\0';
}

/* HEADER MATCH: the header's fields must be the COPY's column names, in order. */
static bool header_mismatch(copy_in_t *c, int nf)
{
    lg_pgerr_t *e = &c->header_err;
    if (nf != c->ncols) {
        lg_pgerr_set(e, "22P04", "wrong number of fields in header line: got %d, expected %d", nf,
                     c->ncols);
        return true;
    }
    for (int k = 0; k < nf; k++) {
        if (!c->vals[k]) {
            lg_pgerr_set(e, "22P04",
                         "column name mismatch in header line field %d: got null value "
                         "(\"%s\"), expected \"%s\"",
                         k + 1, c->st->copy_null, c->names[k]);
            return true;
        }
        if (strcmp((const char *)c->vals[k], c->names[k]) != 0) {
            lg_pgerr_set(e, "22P04",
                         "column name mismatch in header line field %d: got \"%s\", expected "
                         "\"%s\"",
                         k + 1, (const char *)c->vals[k], c->names[k]);
            return true;
        }
    }
    return false;
}

/* FORCE_NOT_NULL: a NULL field reads as the NULL string itself; FORCE_NULL: a field equal
 * to the NULL string (quoted too) reads as NULL. */
static void apply_force(copy_in_t *c)
{
    if (!c->force)
        return;
    const char *null = c->st->copy_null;
    for (int k = 0; k < c->ncols; k++) {
        if (!c->vals[k] && (c->force[k] & COPY_FORCE_NOT_NULL)) {
            c->vals[k] = (const uint8_t *)null;
            c->lens[k] = (int32_t)strlen(null);
        } else if (c->vals[k] && (c->force[k] & COPY_FORCE_NULL) &&
                   strcmp((const char *)c->vals[k], null) == 0) {
            c->vals[k] = NULL;
            c->lens[k] = -1;
        }
    }
}

/* Takes the next complete record off the buffer into vals/lens. Returns 1 with a record,
 * 0 when none is complete, -1 at the end-of-data marker, -2 / -3 on a field-count error
 * (missing / extra data), -4 on a malformed binary stream (c->bad_msg), -5 when the
 * header does not match (c->header_err). */
static int next_record(session_t *s)
{
    copy_in_t *c = s->copy;
    if (c->st->copy_format == 'b')
        return next_binary(c);
    const uint8_t *p = lg_buf_rptr(&c->data);
    size_t n = lg_buf_unread(&c->data), rec;
    if (c->st->copy_format == 'c') {
        rec = csv_record_len(c->st, p, n);
    } else {
        const uint8_t *nl = memchr(p, '\n', n);
        rec = nl ? (size_t)(nl - p) + 1 : 0;
    }
    if (rec == 0 && c->done && n > 0)
        rec = n; /* last record without a newline */
    if (rec == 0)
        return 0;
    size_t len = rec;
    if (len && p[len - 1] == '\n')
        len--;
    if (len && p[len - 1] == '\r')
        len--;
    bool end_marker = len == 2 && p[0] == '\\' && p[1] == '.';
    bool header = !end_marker && c->header_pending;
    int nf = 0;
    keep_line(c, p, len);
    if (!end_marker && (!header || c->st->copy_header_match))
        nf = c->st->copy_format == 'c' ? split_csv(c, p, len) : split_text(c, p, len);
    lg_buf_consume(&c->data, rec); /* the fields were copied into c->fields */
    if (end_marker)
        return -1;
    if (header) {
        c->header_pending = false;
        if (c->st->copy_header_match && header_mismatch(c, nf))
            return -5;
        return next_record(s);
    }
    c->bad_nf = nf;
    if (nf != c->ncols)
        return nf < c->ncols ? -2 : -3;
    apply_force(c);
    return 1;
}

/* ---- inserting records ---- */

static void insert_next(session_t *s);

/* Keeps the current record (c->vals / c->lens) for a batch. */
static void hold_record(copy_in_t *c)
{
    for (int k = 0; k < c->ncols; k++) {
        size_t at = (size_t)c->nb * (size_t)c->ncols + (size_t)k;
        c->blen[at] = c->lens[k];
        c->boff[at] = lg_buf_unread(&c->batch);
        if (c->lens[k] >= 0) {
            lg_buf_append(&c->batch, c->vals[k], (size_t)c->lens[k]);
            lg_buf_putc(&c->batch, 0);
        }
    }
    c->nb++;
}

/* Parameters for held records [from, from + n) into vals/lens (n * ncols entries). */
static void held_params(copy_in_t *c, int from, int n, const uint8_t **vals, int32_t *lens)
{
    for (int r = 0; r < n; r++)
        for (int k = 0; k < c->ncols; k++) {
            size_t at = (size_t)(from + r) * (size_t)c->ncols + (size_t)k;
            size_t i = (size_t)r * (size_t)c->ncols + (size_t)k;
            lens[i] = c->blen[at];
            vals[i] = c->blen[at] < 0 ? NULL : lg_buf_rptr(&c->batch) + c->boff[at];
        }
}

static void run_rows(session_t *s, translate_result_t *ins, int from, int n,
                     void (*done)(exec_run_t *, exec_run_status_t, void *))
{
    copy_in_t *c = s->copy;
    int np = n * c->ncols;
    const uint8_t **vals = lg_xcalloc((size_t)np, sizeof(*vals));
    int32_t *lens = lg_xcalloc((size_t)np, sizeof(*lens));
    held_params(c, from, n, vals, lens);
    int16_t *fmts = NULL; /* binary COPY: every field in its type's binary form */
    if (c->st->copy_format == 'b') {
        fmts = lg_xcalloc((size_t)np, sizeof(*fmts));
        for (int i = 0; i < np; i++)
            fmts[i] = 1;
    }
    exec_run_t *run = exec_run_new(s->es, ins, 0);
    exec_run_set_params(run, np, ins->stmts[0].param_types, vals, lens, fmts);
    free(fmts);
    free(vals);
    free(lens);
    exec_run_step(run, 0, done, s);
}

static void held_clear(copy_in_t *c)
{
    c->nb = 0;
    c->drain = 0;
    c->draining = false;
    lg_buf_reset(&c->batch);
}

/* The table's own name as PostgreSQL's COPY context names it: "s"."t" -> t. */
static void table_name(const char *quoted, char *out, size_t cap)
{
    const char *p = quoted;
    for (const char *q = quoted; *q; q++) { /* the last part: after a dot outside quotes */
        if (*q == '"')
            for (q++; *q && !(*q == '"' && q[1] != '"'); q += *q == '"' ? 2 : 1)
                ;
        if (*q == '.')
            p = q + 1;
        if (!*q)
            break;
    }
    size_t n = 0;
    bool quoted_part = *p == '"';
    for (p += quoted_part; *p && n + 1 < cap; p++) {
        if (quoted_part && *p == '"') {
            if (p[1] != '"')
                break;
            p++;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
}

/* CopyFail from the client: 57014 with the line being read as context, as PostgreSQL. */
static void copy_fail(session_t *s, const char *why)
{
    copy_in_t *c = s->copy;
    lg_pgerr_t e;
    lg_pgerr_set(&e, LG_SQLSTATE_QUERY_CANCELED, "COPY from stdin failed: %s", why);
    char name[200];
    table_name(c->st->copy_table, name, sizeof(name));
    snprintf(e.context, sizeof(e.context), "COPY %s, line %llu", name,
             (unsigned long long)c->rows + (unsigned long long)c->nb + 1 +
                 (c->st->copy_header ? 1 : 0));
    copy_end(s, &e);
}

static void on_row_done(exec_run_t *run, exec_run_status_t st, void *arg)
{
    session_t *s = arg;
    copy_in_t *c = s->copy;
    lg_buf_reset(exec_run_output(run));
    if (st == EXEC_RUN_ERROR) {
        lg_pgerr_t e = *exec_run_error(run);
        exec_run_close(run);
        session__copy_table_error(c->st, &e);
        char name[200];
        table_name(c->st->copy_table, name, sizeof(name));
        snprintf(e.context, sizeof(e.context), "COPY %s, line %llu", name,
                 (unsigned long long)c->rows + 1 + (c->st->copy_header ? 1 : 0));
        copy_end(s, &e);
        return;
    }
    exec_run_close(run);
    c->rows++;
    if (++c->drain >= c->nb)
        held_clear(c);
    insert_next(s);
}

static void on_batch_done(exec_run_t *run, exec_run_status_t st, void *arg)
{
    session_t *s = arg;
    copy_in_t *c = s->copy;
    lg_buf_reset(exec_run_output(run));
    bool failed = st == EXEC_RUN_ERROR;
    exec_run_close(run);
    if (failed) { /* again one by one: the failing row reports its own line */
        c->draining = true;
        c->drain = 0;
    } else {
        c->rows += (uint64_t)c->nb;
        held_clear(c);
    }
    insert_next(s);
}

static void insert_next(session_t *s)
{
    copy_in_t *c = s->copy;
    if (s->destroyed) {
        copy_end(s, NULL);
        return;
    }
    if (c->draining && c->drain < c->nb) {
        run_rows(s, c->ins, c->drain, 1, on_row_done);
        return;
    }
    int r;
    while ((r = next_record(s)) == 1 && c->nb < c->batch_rows - 1)
        hold_record(c);
    if (r == 1) {
        hold_record(c);
        if (c->ins_batch && c->nb == c->batch_rows) {
            run_rows(s, c->ins_batch, 0, c->nb, on_batch_done);
            return;
        }
        c->draining = true; /* no batch statement: one by one */
        insert_next(s);
        return;
    }
    if (r == -2 || r == -3 || r == -5) {
        lg_pgerr_t e = c->header_err;
        int k = c->bad_nf >= 0 && c->bad_nf < c->ncols ? c->bad_nf : c->ncols - 1;
        if (r == -2) /* the first column without a field, as PostgreSQL names it */
            lg_pgerr_set(&e, "22P04", "missing data for column \"%s\"", c->names[k]);
        else if (r == -3)
            lg_pgerr_set(&e, "22P04", "extra data after last expected column");
        char name[100]; /* a table name is at most 63 bytes */
        table_name(c->st->copy_table, name, sizeof(name));
        unsigned long long line = r == -5
                                      ? 1
                                      : (unsigned long long)c->rows + (unsigned long long)c->nb +
                                            1 + (c->st->copy_header ? 1 : 0);
        snprintf(e.context, sizeof(e.context), "COPY %s, line %llu: \"%s\"", name, line, c->line);
        copy_end(s, &e);
        return;
    }
    if (r == -4) {
        lg_pgerr_t e;
        lg_pgerr_set(&e, "22P04", "%s", c->bad_msg);
        char name[200];
        table_name(c->st->copy_table, name, sizeof(name));
        unsigned long long line = (unsigned long long)c->rows + (unsigned long long)c->nb + 1;
        if (c->bad_col >= 0)
            snprintf(e.context, sizeof(e.context), "COPY %s, line %llu, column %s", name, line,
                     c->names[c->bad_col]);
        else if (!c->bad_header)
            snprintf(e.context, sizeof(e.context), "COPY %s, line %llu", name, line);
        copy_end(s, &e);
        return;
    }
    if (r == -1 || c->done) {
        lg_buf_reset(&c->data);
        if (c->nb > 0) { /* the last, partial batch */
            c->draining = true;
            insert_next(s);
            return;
        }
        if (c->done) {
            copy_end(s, NULL);
            return;
        }
    }
    session__continue(s); /* wait for more CopyData (or CopyDone) */
}

/* ---- the copy sub-protocol ---- */

void session__copy_message(session_t *s, uint8_t type, const uint8_t *body, size_t len)
{
    copy_in_t *c = s->copy;
    switch (type) {
    case PROTO_MSG_COPY_DATA:
        lg_buf_append(&c->data, body, len);
        if (c->data.failed) {
            copy_errorf(s, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "COPY row is too long");
            return;
        }
        s->busy = true;
        {
            insert_next(s);
            return;
        }
    case PROTO_MSG_COPY_DONE:
        c->done = true;
        s->busy = true;
        {
            insert_next(s);
            return;
        }
    case PROTO_MSG_COPY_FAIL: {
        proto_query_t q;
        const char *why = proto_decode_query(body, len, &q) == PROTO_OK ? q.sql : "";
        copy_fail(s, why);
        return;
    }
    case PROTO_MSG_FLUSH:
    case PROTO_MSG_SYNC:
        return; /* ignored during COPY IN, as PostgreSQL does */
    default: {
        char t[8];
        snprintf(t, sizeof(t), "0x%02x", type);
        {
            copy_errorf(s, LG_SQLSTATE_PROTOCOL_VIOLATION,
                        "unexpected message type %s during COPY from stdin", t);
            return;
        }
    }
    }
}

static void copy_ready(session_t *s)
{
    copy_in_t *c = s->copy;
    bool binary = c->st->copy_format == 'b';
    int16_t *fmts = lg_xcalloc((size_t)c->ncols + 1, sizeof(int16_t));
    for (int i = 0; binary && i < c->ncols; i++)
        fmts[i] = 1;
    proto_be_copy_response(&s->out, 'G', binary ? 1 : 0, (uint16_t)c->ncols, fmts);
    free(fmts);
    session__flush(s);
    session__continue(s); /* CopyData arrives through the input loop */
}

static void on_batch_translated(void *arg, translate_result_t *res, const lg_pgerr_t *err)
{
    session_t *s = arg;
    (void)err; /* without the batch statement rows go one by one */
    if (!s->copy) {
        if (res)
            translate_result_unref(res);
        return;
    }
    s->copy->ins_batch = res;
    copy_ready(s);
}

/* INSERT INTO table (cols) VALUES ($1, ...)[, ($k, ...) x rows - 1] into b. */
static void insert_text(const copy_in_t *c, int rows, lg_buf_t *b)
{
    lg_buf_printf(b, "INSERT INTO %s (", c->st->copy_table);
    for (int i = 0; i < c->ncols; i++) {
        lg_buf_append(b, i ? ", \"" : "\"", i ? 3 : 1);
        for (const char *q = c->names[i]; *q; q++) {
            if (*q == '"')
                lg_buf_putc(b, '"');
            lg_buf_putc(b, (uint8_t)*q);
        }
        lg_buf_putc(b, '"');
    }
    lg_buf_append(b, ") VALUES ", 9);
    for (int r = 0; r < rows; r++) {
        lg_buf_append(b, r ? ", (" : "(", r ? 3 : 1);
        for (int i = 0; i < c->ncols; i++)
            lg_buf_printf(b, "%s$%d", i ? ", " : "", r * c->ncols + i + 1);
        lg_buf_putc(b, ')');
    }
}

static void on_insert_translated(void *arg, translate_result_t *res, const lg_pgerr_t *err)
{
    session_t *s = arg;
    copy_in_t *c = s->copy;
    if (err) {
        copy_end(s, err);
        return;
    }
    c->ins = res;
    int k = COPY_BATCH_PARAMS / (c->ncols > 0 ? c->ncols : 1);
    c->batch_rows = k < COPY_BATCH ? k : COPY_BATCH;
    if (c->batch_rows < 1)
        c->batch_rows = 1;
    c->boff = lg_xcalloc((size_t)c->batch_rows * (size_t)c->ncols + 1, sizeof(*c->boff));
    c->blen = lg_xcalloc((size_t)c->batch_rows * (size_t)c->ncols + 1, sizeof(*c->blen));
    lg_buf_init(&c->batch, COPY_BUF_MAX);
    if (c->batch_rows < 2) {
        copy_ready(s);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, 16u << 20);
    insert_text(c, c->batch_rows, &b);
    exec_translate(s->es, (const char *)lg_buf_rptr(&b), lg_buf_unread(&b), 0, NULL,
                   on_batch_translated, s);
    lg_buf_deinit(&b);
}

static void build_insert(session_t *s)
{
    copy_in_t *c = s->copy;
    lg_buf_t b;
    lg_buf_init(&b, 1u << 20);
    insert_text(c, 1, &b);
    exec_translate(s->es, (const char *)lg_buf_rptr(&b), lg_buf_unread(&b), 0, NULL,
                   on_insert_translated, s);
    lg_buf_deinit(&b);
}

/* Marks the columns a FORCE_NOT_NULL / FORCE_NULL list ("a\nb\n") names; 42P10 for one
 * the COPY does not read. */
static int resolve_force(copy_in_t *c, const char *list, const char *opt, uint8_t flag,
                         lg_pgerr_t *err)
{
    if (!list)
        return 0;
    if (!c->force)
        c->force = lg_xcalloc((size_t)c->ncols + 1, 1);
    for (const char *p = list; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        int k = 0;
        while (k < c->ncols && (strlen(c->names[k]) != len || memcmp(c->names[k], p, len)))
            k++;
        if (k == c->ncols && c->st->copy_all_columns) {
            char name[100];
            table_name(c->st->copy_table, name, sizeof(name));
            return lg_pgerr_set(err, LG_SQLSTATE_UNDEFINED_COLUMN,
                                "column \"%.*s\" of relation \"%s\" does not exist", (int)len, p,
                                name);
        }
        if (k == c->ncols)
            return lg_pgerr_set(err, "42P10", "%s column \"%.*s\" not referenced by COPY", opt,
                                (int)len, p);
        c->force[k] |= flag;
        p += len + (nl ? 1 : 0);
    }
    return 0;
}

static void on_columns(exec_run_t *run, exec_run_status_t st, void *arg)
{
    session_t *s = arg;
    copy_in_t *c = s->copy;
    if (st == EXEC_RUN_ERROR) {
        lg_pgerr_t e = *exec_run_error(run);
        exec_run_close(run);
        session__copy_table_error(c->st, &e);
        {
            copy_end(s, &e);
            return;
        }
    }
    uint16_t n;
    const proto_field_t *f = exec_run_fields(run, &n);
    c->ncols = n;
    c->names = lg_xcalloc((size_t)n + 1, sizeof(char *));
    for (uint16_t i = 0; i < n; i++)
        c->names[i] = lg_xstrdup(f[i].name);
    c->vals = lg_xcalloc((size_t)n + 1, sizeof(uint8_t *));
    c->lens = lg_xcalloc((size_t)n + 1, sizeof(int32_t));
    exec_run_close(run);
    lg_pgerr_t e;
    if (resolve_force(c, c->st->copy_force_not_null, "FORCE_NOT_NULL", COPY_FORCE_NOT_NULL, &e) !=
            0 ||
        resolve_force(c, c->st->copy_force_null, "FORCE_NULL", COPY_FORCE_NULL, &e) != 0) {
        copy_end(s, &e);
        return;
    }
    build_insert(s);
}

/* An error about the SELECT a table's COPY runs, as PostgreSQL words it for the COPY: no
 * position (it points into that SELECT), and an unknown column "of relation t". */
void session__copy_table_error(const translate_stmt_t *st, lg_pgerr_t *e)
{
    char col[128], name[100];
    e->position = 0;
    if (strcmp(e->sqlstate, LG_SQLSTATE_UNDEFINED_COLUMN) != 0 ||
        sscanf(e->message, "column \"%127[^\"]\" does not exist", col) != 1)
        return;
    table_name(st->copy_table, name, sizeof(name));
    lg_pgerr_set(e, LG_SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist",
                 col, name);
}

static void on_copy_translated(void *arg, translate_result_t *res, const lg_pgerr_t *err)
{
    portal_t *p = arg;
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    if (err || res->nstmts != 1 || res->rest_at > 0) {
        lg_pgerr_t e;
        if (!err)
            lg_pgerr_set(&e, LG_SQLSTATE_SYNTAX_ERROR, "COPY query must be a single statement");
        else
            e = *err;
        if (err && st->copy_table)
            session__copy_table_error(st, &e);
        session__stmt_error(s, &e);
        if (res)
            translate_result_unref(res);
        p->done = true;
        {
            p->cb(s, p, false);
            return;
        }
    }
    exec_run_t *run = exec_run_new(s->es, res, 0);
    translate_result_unref(res);
    if (!st->copy_from) {
        exec_copy_format_t f = {.format = st->copy_format,
                                .delim = st->copy_delim,
                                .quote = st->copy_quote,
                                .escape = st->copy_escape,
                                .header = st->copy_header,
                                .null = st->copy_null,
                                .force_quote = st->copy_force_quote};
        exec_run_set_copy_out(run, &f);
        p->run = run;
        {
            session__run_sql(p);
            return;
        }
    }
    copy_in_t *c = lg_xcalloc(1, sizeof(*c));
    c->p = p;
    c->st = st;
    c->header_pending = st->copy_header || st->copy_format == 'b';
    lg_buf_init(&c->data, COPY_BUF_MAX);
    lg_buf_init(&c->fields, COPY_BUF_MAX);
    s->copy = c;
    exec_run_describe(run, on_columns, s);
}

void session__copy_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    if (st->copy_from)
        session__implicit_open(s);
    exec_translate(s->es, st->copy_sql, strlen(st->copy_sql), 0, NULL, on_copy_translated, p);
}

/* The client went away while the session waited for CopyData. */
void session__copy_abort(session_t *s, const char *why)
{
    lg_pgerr_t e;
    lg_pgerr_set(&e, LG_SQLSTATE_QUERY_CANCELED, "%s", why);
    copy_end(s, &e);
}
