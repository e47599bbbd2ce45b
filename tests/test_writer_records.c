/* test_writer_records.c -- region records (rc_write_opts.records) and
 * rc_writer_record: regions enumerated task by task, in any order, written
 * as one document.
 *
 * A run of the engine's tasks in a scrambled order (rc_enum_opts.next_task)
 * is written by a records writer; each record is cut out at its newline
 * (JSON) or at the next "region " line (text) and filed under its task and
 * place, which must be those rc_region_task gives.  Put back in plan order
 * through rc_writer_record with the ids 1, 2, ..., the document must be
 * byte for byte what a plain writer makes of an ordinary run, in text and
 * JSON, in the default and the exact arithmetic.  Also: a JSON record is
 * one line that starts with "task" and "place", and no header or summary
 * is written; a record that is not one, or a records writer asked to
 * write one, is refused.  Random networks (RC_TEST_SEED). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/io.h"
#include "relucells/net.h"
#include "relucells/region.h"
#include "testutil.h"

/* The whole text of f (rewound), new (free); its length in *len. */
static char *
slurp(FILE *f, size_t *len)
{
    long size;
    char *text;

    fflush(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    text = malloc((size_t)size + 1);
    CU_ASSERT_FATAL(text != NULL);
    CU_ASSERT_EQUAL_FATAL(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    *len = (size_t)size;
    return text;
}

typedef struct stream {
    rc_writer *w;
    rc_status st;
    FILE *f;
    size_t *task, *place, *end;   /* per record, in the order written */
    size_t n, cap;
} stream;

static int
to_writer(void *user, const rc_region *r)
{
    stream *s = user;

    s->st = rc_writer_region(s->w, r, NULL);
    if (s->task != NULL && s->st == RC_OK) {
        CU_ASSERT_FATAL(s->n < s->cap);
        s->task[s->n] = rc_region_task(r, &s->place[s->n]);
        fflush(s->f);
        s->end[s->n++] = (size_t)ftell(s->f);
    }
    return s->st != RC_OK;
}

/* The tasks backwards, then nothing. */
typedef struct backwards {
    size_t left;
    int started;
} backwards;

static size_t
next_backwards(void *user, size_t num_tasks)
{
    backwards *b = user;

    if (!b->started) {
        b->started = 1;
        b->left = num_tasks;
    }
    return b->left == 0 ? RC_NO_TASK : --b->left;
}

/* Enumerate and write: plainly (records 0), or as records of the tasks
 * run backwards on two threads, filed in s.  Returns the text (new). */
static char *
run(stream *s, const rc_net *net, const rc_domain *dom, rc_arithmetic arith,
    rc_format format, int records, size_t *len, rc_enum_summary *keep)
{
    rc_enum_opts opts;
    rc_write_opts wo;
    rc_enum_summary sum;
    rc_error err = {RC_OK, ""};
    backwards b = {0, 0};
    char *text;

    s->f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s->f);
    s->st = RC_OK;
    rc_enum_opts_init(&opts);
    opts.arithmetic = arith;
    rc_write_opts_init(&wo);
    wo.format = format;
    wo.net_name = "net.nnet";
    wo.records = records;
    if (records) {
        opts.threads = 2;
        opts.next_task = next_backwards;
        opts.task_user = &b;
    }
    rc_enum_summary_init(&sum);
    CU_ASSERT_EQUAL_FATAL(rc_writer_new(&s->w, s->f, net, dom, arith, &wo, &err),
                          RC_OK);
    CU_ASSERT_EQUAL(rc_enumerate_each(net, dom, &opts, to_writer, s, &sum, &err),
                    RC_OK);
    CU_ASSERT_EQUAL(s->st, RC_OK);
    CU_ASSERT_EQUAL(rc_writer_finish(s->w, &sum, NULL, &err), RC_OK);
    if (err.status != RC_OK)
        printf("\n  %s\n", err.msg);
    if (records)
        CU_ASSERT(sum.num_tasks > 3);
    rc_writer_free(s->w);
    if (keep != NULL)
        *keep = sum;
    else
        rc_enum_summary_clear(&sum);
    text = slurp(s->f, len);
    fclose(s->f);
    return text;
}

/* One case: the records put back in plan order are the plain document. */
static void
check_case(const rc_net *net, const rc_domain *dom, rc_arithmetic arith,
           rc_format format)
{
    stream plain = {0}, rec = {0};
    size_t plain_len, rec_len, i, j, n, *order, len;
    char *want, *got, *records;
    rc_write_opts wo;
    rc_writer *w;
    rc_enum_summary sum;
    rc_error err = {RC_OK, ""};
    FILE *f;

    want = run(&plain, net, dom, arith, format, 0, &plain_len, &sum);
    rec.cap = plain_len;      /* more than enough records */
    rec.task = calloc(rec.cap, sizeof *rec.task);
    rec.place = calloc(rec.cap, sizeof *rec.place);
    rec.end = calloc(rec.cap, sizeof *rec.end);
    CU_ASSERT_FATAL(rec.task && rec.place && rec.end);
    records = run(&rec, net, dom, arith, format, 1, &rec_len, NULL);
    n = rec.n;
    CU_ASSERT_FATAL(n > 0);
    CU_ASSERT_EQUAL(rec.end[n - 1], rec_len);   /* no summary */
    /* Each record starts where the previous ended, and says which it is. */
    for (i = 0; i < n; i++) {
        size_t start = i ? rec.end[i - 1] : 0;
        char head[64];
        if (format == RC_FORMAT_JSON)
            snprintf(head, sizeof head, "{\"task\":%zu,\"place\":%zu,",
                     rec.task[i], rec.place[i]);
        else
            snprintf(head, sizeof head, "region %zu:%zu  ", rec.task[i],
                     rec.place[i]);
        CU_ASSERT(strncmp(records + start, head, strlen(head)) == 0);
        if (format == RC_FORMAT_JSON)
            CU_ASSERT(memchr(records + start, '\n', rec.end[i] - start - 1) == NULL);
    }
    /* Plan order: by task, then place (a selection sort: few records). */
    order = calloc(n, sizeof *order);
    CU_ASSERT_FATAL(order != NULL);
    for (i = 0; i < n; i++)
        order[i] = i;
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (rec.task[order[j]] < rec.task[order[i]]
                || (rec.task[order[j]] == rec.task[order[i]]
                    && rec.place[order[j]] < rec.place[order[i]])) {
                size_t t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    /* The places of a task are 0, 1, ...: no record lost or doubled. */
    for (i = 0; i < n; i++)
        CU_ASSERT_EQUAL(rec.place[order[i]],
                        i && rec.task[order[i]] == rec.task[order[i - 1]]
                            ? rec.place[order[i - 1]] + 1 : 0);
    f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    rc_write_opts_init(&wo);
    wo.format = format;
    wo.net_name = "net.nnet";
    CU_ASSERT_EQUAL_FATAL(rc_writer_new(&w, f, net, dom, arith, &wo, &err), RC_OK);
    for (i = 0; i < n; i++) {
        size_t k = order[i], start = k ? rec.end[k - 1] : 0;
        CU_ASSERT_EQUAL(rc_writer_record(w, records + start, rec.end[k] - start,
                                         i + 1, &err), RC_OK);
    }
    /* The summary of the ordinary run. */
    CU_ASSERT_EQUAL(sum.num_regions, n);
    CU_ASSERT_EQUAL(rc_writer_finish(w, &sum, NULL, &err), RC_OK);
    rc_writer_free(w);
    rc_enum_summary_clear(&sum);
    got = slurp(f, &len);
    fclose(f);
    CU_ASSERT_EQUAL(len, plain_len);
    CU_ASSERT(len == plain_len && memcmp(got, want, len) == 0);
    free(got);
    free(order);
    free(records);
    free(want);
    free(rec.task);
    free(rec.place);
    free(rec.end);
}

static void
test_records_float(void)
{
    static const size_t sizes[] = {2, 40, 40, 1};
    rc_net *net = test_random_net(3, sizes, 11);
    rc_domain *dom = test_unit_box(2);

    check_case(net, dom, RC_ARITH_FILTERED, RC_FORMAT_JSON);
    check_case(net, dom, RC_ARITH_FILTERED, RC_FORMAT_TEXT);
    rc_domain_free(dom);
    rc_net_free(net);
}

static void
test_records_exact(void)
{
    static const size_t sizes[] = {2, 14, 14, 14, 1};
    rc_net *net = test_random_net(4, sizes, 12);
    rc_domain *dom = test_unit_box(2);

    check_case(net, dom, RC_ARITH_EXACT, RC_FORMAT_JSON);
    check_case(net, dom, RC_ARITH_EXACT, RC_FORMAT_TEXT);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* What is not a record is refused, and so is a records writer's call. */
static void
test_records_refused(void)
{
    static const size_t sizes[] = {2, 4, 1};
    static const char *const bad_json[] = {
        "{\"id\":1,\"pattern\":\"0101\"}\n", "{\"task\":1,\"pattern\":\"0\"}\n",
        "{\"task\":1,\"place\":2,\"pattern\":\"0\"}", "{\"task\":x,\"place\":2,}\n",
        "{\"task\":1,\"place\":2,\"a\":\n\"b\"}\n", "", NULL};
    static const char *const bad_text[] = {
        "region 3  pattern 0101  bounded\n", "region 3:  pattern 0101\n",
        "region 1:2  pattern 0101", "", NULL};
    rc_net *net = test_random_net(2, sizes, 13);
    rc_domain *dom = test_unit_box(2);
    rc_write_opts wo;
    rc_writer *w;
    rc_error err;
    FILE *f = tmpfile();
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    rc_write_opts_init(&wo);
    CU_ASSERT_EQUAL(wo.records, 0);
    wo.format = RC_FORMAT_JSON;
    CU_ASSERT_EQUAL_FATAL(rc_writer_new(&w, f, net, dom, RC_ARITH_FILTERED, &wo, &err),
                          RC_OK);
    for (i = 0; bad_json[i] != NULL; i++)
        CU_ASSERT_EQUAL(rc_writer_record(w, bad_json[i], strlen(bad_json[i]), 1,
                                         &err), RC_ERR_PARSE);
    rc_writer_free(w);
    wo.format = RC_FORMAT_TEXT;
    CU_ASSERT_EQUAL_FATAL(rc_writer_new(&w, f, net, dom, RC_ARITH_FILTERED, &wo, &err),
                          RC_OK);
    for (i = 0; bad_text[i] != NULL; i++)
        CU_ASSERT_EQUAL(rc_writer_record(w, bad_text[i], strlen(bad_text[i]), 1,
                                         &err), RC_ERR_PARSE);
    rc_writer_free(w);
    wo.records = 1;
    CU_ASSERT_EQUAL_FATAL(rc_writer_new(&w, f, net, dom, RC_ARITH_FILTERED, &wo, &err),
                          RC_OK);
    CU_ASSERT_EQUAL(rc_writer_record(w, "region 1:2  x\n", 14, 1, &err), RC_ERR_ARG);
    rc_writer_free(w);
    fclose(f);
    rc_domain_free(dom);
    rc_net_free(net);
}

int
main(void)
{
    static const test_case tests[] = {
        {"records in plan order are the document (default)", test_records_float},
        {"records in plan order are the document (exact)", test_records_exact},
        {"what is not a record is refused", test_records_refused},
    };

    return test_run_suite("writer_records", tests, sizeof tests / sizeof *tests);
}
