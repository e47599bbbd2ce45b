/* checkpoint.c -- the ledger of finished tasks and its checkpoint file
 * (checkpoint.h has the format).
 *
 * The identity of a run is hashed with FNV-1a (64 bits): the network's
 * layer sizes and every weight and bias as its exact rational (so the same
 * numbers written differently are the same network), the domain's exact
 * bounds and fixed inputs.  The arithmetic and its tolerances are written
 * out.  A line is appended with one write, so a kill leaves at most one
 * torn line, at the end; the file is synced a second after the last sync
 * and at the end (cli_ledger_sync). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "cli.h"

#define MAGIC "# relucells checkpoint 1"

void
cli_stats_get(size_t *v, const rc_enum_stats *s)
{
    v[0] = s->classifications;
    v[1] = s->cuts;
    v[2] = s->uncertain;
    v[3] = s->lp_decisions;
    v[4] = s->lp_calls;
    v[5] = s->exact_signs;
    v[6] = s->exact_decisions;
    v[7] = s->exact_pieces;
}

void
cli_stats_set(rc_enum_stats *s, const size_t *v)
{
    s->classifications = v[0];
    s->cuts = v[1];
    s->uncertain = v[2];
    s->lp_decisions = v[3];
    s->lp_calls = v[4];
    s->exact_signs = v[5];
    s->exact_decisions = v[6];
    s->exact_pieces = v[7];
}

static void
stats_add(rc_enum_stats *to, const rc_enum_stats *s)
{
    size_t a[CLI_NUM_STATS], b[CLI_NUM_STATS], i;

    cli_stats_get(a, to);
    cli_stats_get(b, s);
    for (i = 0; i < CLI_NUM_STATS; i++)
        a[i] += b[i];
    cli_stats_set(to, a);
}

/* ---- identity ------------------------------------------------------------ */

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static uint64_t
fnv_text(uint64_t h, const char *s)
{
    return fnv(h, s, strlen(s) + 1);
}

static uint64_t
fnv_q(uint64_t h, mpq_srcptr q)
{
    char *s;

    if (q == NULL)
        return fnv_text(h, "none");
    s = mpq_get_str(NULL, 16, q);
    h = fnv_text(h, s);
    free(s);
    return h;
}

static uint64_t
net_hash(const rc_net *net)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    size_t L = rc_net_num_layers(net), l, i, rows, cols;
    char buf[64];

    for (l = 0; l < L; l++) {
        mpq_srcptr w = rc_net_weights_q(net, l), b = rc_net_biases_q(net, l);
        rows = rc_net_layer_size(net, l);
        cols = l == 0 ? rc_net_num_inputs(net) : rc_net_layer_size(net, l - 1);
        snprintf(buf, sizeof buf, "layer %zu %zu", rows, cols);
        h = fnv_text(h, buf);
        for (i = 0; i < rows * cols; i++)
            h = fnv_q(h, &w[i]);
        for (i = 0; i < rows; i++)
            h = fnv_q(h, &b[i]);
    }
    /* The normalisation of the inputs, applied to raw coordinates. */
    for (i = 0; i < rc_net_num_inputs(net); i++) {
        snprintf(buf, sizeof buf, "%a %a", rc_net_input_mean(net)[i],
                 rc_net_input_range(net)[i]);
        h = fnv_text(h, buf);
    }
    return h;
}

static uint64_t
domain_hash(const rc_domain *dom)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    size_t n = rc_domain_num_inputs(dom), i;
    char buf[96];

    snprintf(buf, sizeof buf, "inputs %zu bounded %d", n,
             rc_domain_is_bounded(dom));
    h = fnv_text(h, buf);
    for (i = 0; i < n; i++) {
        h = fnv_q(h, rc_domain_lo_q(dom, i));
        h = fnv_q(h, rc_domain_hi_q(dom, i));
        if (rc_domain_is_fixed(dom, i))
            snprintf(buf, sizeof buf, "fixed %zu %a", i,
                     rc_domain_fixed_value(dom, i));
        else
            snprintf(buf, sizeof buf, "free %zu", i);
        h = fnv_text(h, buf);
    }
    return h;
}

static void
header_lines(char lines[3][256], const rc_net *net, const rc_domain *dom,
             const rc_enum_opts *o)
{
    static const char *const names[] = {"filtered", "float", "exact"};

    snprintf(lines[0], 256, "network %016" PRIx64, net_hash(net));
    snprintf(lines[1], 256, "domain %016" PRIx64, domain_hash(dom));
    snprintf(lines[2], 256, "arithmetic %s eps %a lp_margin %a filter_margin %a",
             names[o->arithmetic >= 0 && o->arithmetic <= 2 ? o->arithmetic : 0],
             o->eps, o->lp_margin, o->filter_margin);
}

/* ---- the ledger ---------------------------------------------------------- */

int
cli_ledger_init(cli_ledger *lg, size_t num_hidden)
{
    memset(lg, 0, sizeof *lg);
    lg->fd = -1;
    lg->num_hidden = num_hidden;
    lg->counts = calloc(num_hidden + 1, sizeof *lg->counts);
    if (lg->counts == NULL) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

void
cli_ledger_clear(cli_ledger *lg)
{
    if (lg->fd >= 0)
        close(lg->fd);
    free(lg->done);
    free(lg->counts);
    memset(lg, 0, sizeof *lg);
    lg->fd = -1;
}

int
cli_ledger_has(const cli_ledger *lg, size_t i)
{
    return lg->done != NULL && i < lg->num_tasks && lg->done[i];
}

size_t
cli_ledger_next(cli_ledger *lg)
{
    while (lg->cursor < lg->num_tasks && lg->done[lg->cursor])
        lg->cursor++;
    return lg->cursor < lg->num_tasks ? lg->cursor++ : RC_NO_TASK;
}

/* Count task r in (its index checked by the caller). */
static void
tally(cli_ledger *lg, const rc_task_result *r)
{
    size_t k;

    lg->finished++;
    lg->regions += r->regions;
    for (k = 0; k < lg->num_hidden; k++)
        lg->counts[k] += r->layer_counts[k];
    stats_add(&lg->stats, &r->stats);
}

static double
now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int
write_all(cli_ledger *lg, const char *text)
{
    size_t len = strlen(text), off = 0;

    while (off < len) {
        ssize_t k = write(lg->fd, text + off, len - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            cli_error("%s: cannot write the checkpoint: %s", lg->path,
                      strerror(errno));
            return -1;
        }
        off += (size_t)k;
    }
    /* Written, the line survives the process (a kill); synced, it
     * survives the machine.  A sync costs milliseconds, more than many
     * tasks: one a second at most, and one at the end. */
    if (now() >= lg->next_sync && cli_ledger_sync(lg) != 0)
        return -1;
    return 0;
}

int
cli_ledger_sync(cli_ledger *lg)
{
    if (lg->fd < 0)
        return 0;
    if (fsync(lg->fd) != 0) {
        cli_error("%s: cannot sync the checkpoint: %s", lg->path, strerror(errno));
        return -1;
    }
    lg->next_sync = now() + 1.0;
    return 0;
}

int
cli_ledger_plan(cli_ledger *lg, size_t num_tasks, double top_seconds)
{
    char line[160];

    if (lg->has_plan && lg->num_tasks != num_tasks) {
        cli_error("%s:5: the checkpoint's plan has %zu tasks, this run's %zu "
                  "(another version of relucells?)", lg->path, lg->num_tasks,
                  num_tasks);
        return -1;
    }
    if (lg->done != NULL)
        return 0;
    lg->done = calloc(num_tasks + 1, 1);
    if (lg->done == NULL) {
        cli_error("out of memory");
        return -1;
    }
    lg->num_tasks = num_tasks;
    if (lg->fd >= 0 && !lg->has_plan) {
        snprintf(line, sizeof line, "plan tasks %zu hidden %zu top_seconds %.6f\n",
                 num_tasks, lg->num_hidden, top_seconds);
        if (write_all(lg, line) != 0)
            return -1;
        lg->has_plan = 1;
        lg->top_seconds = top_seconds;
    }
    return 0;
}

int
cli_ledger_add(cli_ledger *lg, const rc_task_result *r)
{
    size_t v[CLI_NUM_STATS], k, len;
    char *line;
    int rc = 0;

    if (r->index >= lg->num_tasks || lg->done == NULL || lg->done[r->index])
        return -1;    /* the engine never does this */
    lg->done[r->index] = 1;
    tally(lg, r);
    if (lg->fd < 0)
        return 0;
    len = 96 + 24 * (lg->num_hidden + CLI_NUM_STATS);
    if ((line = malloc(len)) == NULL) {
        cli_error("out of memory");
        return -1;
    }
    {
        size_t n = (size_t)snprintf(line, len, "task %zu regions %zu layers",
                                    r->index, r->regions);
        for (k = 0; k < lg->num_hidden; k++)
            n += (size_t)snprintf(line + n, len - n, " %zu", r->layer_counts[k]);
        n += (size_t)snprintf(line + n, len - n, " stats");
        cli_stats_get(v, &r->stats);
        for (k = 0; k < CLI_NUM_STATS; k++)
            n += (size_t)snprintf(line + n, len - n, " %zu", v[k]);
        snprintf(line + n, len - n, " seconds %.6f\n", r->seconds);
    }
    rc = write_all(lg, line);
    free(line);
    return rc;
}

int
cli_ledger_summary(rc_enum_summary *out, const cli_ledger *lg,
                   const rc_enum_summary *run)
{
    size_t k, H = run->num_hidden;

    rc_enum_summary_clear(out);
    out->num_hidden = H;
    out->layer_counts = calloc(H + 1, sizeof *out->layer_counts);
    out->top_counts = calloc(H + 1, sizeof *out->top_counts);
    if (out->layer_counts == NULL || out->top_counts == NULL)
        return -1;
    for (k = 0; k < H; k++) {
        size_t top = run->top_counts != NULL ? run->top_counts[k] : 0;
        out->top_counts[k] = top;
        out->layer_counts[k] = top + (k < lg->num_hidden ? lg->counts[k] : 0);
    }
    out->num_regions = lg->regions;
    out->num_tasks = run->num_tasks;
    out->tasks_run = lg->finished;
    out->top_stats = run->top_stats;
    out->stats = run->top_stats;
    stats_add(&out->stats, &lg->stats);
    out->complete = run->complete && lg->num_tasks > 0
                    && lg->finished == lg->num_tasks;
    out->stop_reason = out->complete ? RC_STOP_NONE : run->stop_reason;
    return 0;
}

/* ---- reading the file ---------------------------------------------------- */

static int
bad_line(const char *path, size_t line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: %s:%zu: ", cli_program, path, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_BAD_INPUT;
}

/* The next unsigned number of *p (advanced), after one space. */
static int
number(size_t *v, const char **p)
{
    char *end;
    unsigned long long x;

    if (**p != ' ' || (*p)[1] < '0' || (*p)[1] > '9')
        return -1;
    errno = 0;
    x = strtoull(*p + 1, &end, 10);
    if (errno != 0 || x > SIZE_MAX)
        return -1;
    *v = (size_t)x;
    *p = end;
    return 0;
}

static int
word(const char **p, const char *w)
{
    size_t n = strlen(w);

    if (**p != ' ' || strncmp(*p + 1, w, n) != 0)
        return -1;
    *p += 1 + n;
    return 0;
}

/* A task line: into the ledger. */
static int
read_task(cli_ledger *lg, const char *s, size_t lineno)
{
    const char *p = s + 4;   /* after "task" */
    size_t index, regions, k, v[CLI_NUM_STATS];
    size_t *counts = calloc(lg->num_hidden + 1, sizeof *counts);
    rc_task_result r;
    char *end;
    double secs;
    int ok;

    if (counts == NULL) {
        cli_error("out of memory");
        return EXIT_FAILURE_RUN;
    }
    ok = number(&index, &p) == 0 && word(&p, "regions") == 0
         && number(&regions, &p) == 0 && word(&p, "layers") == 0;
    for (k = 0; ok && k < lg->num_hidden; k++)
        ok = number(&counts[k], &p) == 0;
    ok = ok && word(&p, "stats") == 0;
    for (k = 0; ok && k < CLI_NUM_STATS; k++)
        ok = number(&v[k], &p) == 0;
    ok = ok && word(&p, "seconds") == 0 && *p == ' ';
    if (ok) {
        errno = 0;
        secs = strtod(p + 1, &end);
        ok = errno == 0 && end != p + 1 && *end == '\0' && secs >= 0.0;
    }
    if (!ok) {
        free(counts);
        return bad_line(lg->path, lineno, "not a task line of %zu hidden "
                        "layers: the checkpoint is damaged", lg->num_hidden);
    }
    if (lg->has_plan && (index >= lg->num_tasks || lg->done[index])) {
        free(counts);
        return bad_line(lg->path, lineno, index >= lg->num_tasks
                        ? "task %zu: the plan has %zu tasks"
                        : "task %zu recorded twice (of %zu)", index,
                        lg->num_tasks);
    }
    memset(&r, 0, sizeof r);
    r.index = index;
    r.regions = regions;
    r.layer_counts = counts;
    r.num_hidden = lg->num_hidden;
    cli_stats_set(&r.stats, v);
    if (lg->has_plan) {
        lg->done[index] = 1;
    } else {
        /* Tasks before the plan line: only a file written by hand. */
        free(counts);
        return bad_line(lg->path, lineno, "a task before the plan line");
    }
    tally(lg, &r);
    free(counts);
    return EXIT_OK;
}

/* Read the file's lines (f at its start); drop a torn last line. */
static int
read_file(cli_ledger *lg, FILE *f, char header[3][256])
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    off_t good = 0;
    int rc = EXIT_OK;

    while (rc == EXIT_OK && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (len == 0 || line[len - 1] != '\n') {
            /* The last line, cut short by a kill: dropped. */
            fprintf(stderr, "%s: note: %s:%zu: an incomplete last line "
                    "(a run stopped while writing it) is dropped\n",
                    cli_program, lg->path, lineno);
            if (ftruncate(lg->fd, good) != 0) {
                cli_error("%s: cannot truncate: %s", lg->path, strerror(errno));
                rc = EXIT_FAILURE_RUN;
            }
            break;
        }
        line[--len] = '\0';
        if (strlen(line) != (size_t)len) {
            rc = bad_line(lg->path, lineno, "a NUL byte: not a checkpoint");
            break;
        }
        if (lineno == 1) {
            if (strcmp(line, MAGIC) != 0)
                rc = bad_line(lg->path, lineno, "not a relucells checkpoint "
                              "(it begins '%s')", MAGIC);
        } else if (lineno <= 4) {
            static const char *const what[] = {"another network",
                "another domain", "other arithmetic options"};
            if (strcmp(line, header[lineno - 2]) != 0)
                rc = bad_line(lg->path, lineno, "the checkpoint is of %s "
                              "('%s'; this run: '%s')", what[lineno - 2], line,
                              header[lineno - 2]);
        } else if (lineno == 5) {
            size_t tasks, hidden;
            const char *p = line + 4;
            char *end;
            double ts;
            if (strncmp(line, "plan", 4) != 0 || word(&p, "tasks") != 0
                || number(&tasks, &p) != 0 || word(&p, "hidden") != 0
                || number(&hidden, &p) != 0 || word(&p, "top_seconds") != 0
                || *p != ' ' || (ts = strtod(p + 1, &end), *end != '\0')
                || end == p + 1 || tasks == 0) {
                rc = bad_line(lg->path, lineno, "not a plan line: the "
                              "checkpoint is damaged");
            } else if (hidden != lg->num_hidden) {
                rc = bad_line(lg->path, lineno, "%zu hidden layers, the "
                              "network has %zu", hidden, lg->num_hidden);
            } else if ((lg->done = calloc(tasks + 1, 1)) == NULL) {
                cli_error("out of memory");
                rc = EXIT_FAILURE_RUN;
            } else {
                lg->num_tasks = tasks;
                lg->has_plan = 1;
                lg->top_seconds = ts;
            }
        } else if (strncmp(line, "task ", 5) == 0) {
            rc = read_task(lg, line, lineno);
        } else {
            rc = bad_line(lg->path, lineno, "not a task line: the checkpoint "
                          "is damaged");
        }
        good = ftello(f);
    }
    free(line);
    if (rc == EXIT_OK && good > 0 && lineno < 4) {
        /* The header was written whole or not at all (one write), so this
         * is damage, not a kill. */
        return bad_line(lg->path, lineno, "the header stops here: the "
                        "checkpoint is damaged");
    }
    return rc;
}

int
cli_ledger_open(cli_ledger *lg, const char *path, const rc_net *net,
                const rc_domain *dom, const rc_enum_opts *opts)
{
    char header[3][256], text[1024];
    struct stat sb;
    FILE *f;
    int rc;

    lg->path = path;
    header_lines(header, net, dom, opts);
    lg->fd = open(path, O_RDWR | O_CREAT | O_APPEND, 0666);
    if (lg->fd < 0) {
        cli_error("%s: cannot open the checkpoint: %s", path, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    if (fstat(lg->fd, &sb) != 0) {
        cli_error("%s: %s", path, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    if (sb.st_size > 0) {
        int fd2 = dup(lg->fd);
        if (fd2 < 0 || (f = fdopen(fd2, "r")) == NULL) {
            if (fd2 >= 0)
                close(fd2);
            cli_error("%s: %s", path, strerror(errno));
            return EXIT_FAILURE_RUN;
        }
        rewind(f);
        rc = read_file(lg, f, header);
        fclose(f);
        if (rc != EXIT_OK)
            return rc;
        if (fstat(lg->fd, &sb) != 0) {
            cli_error("%s: %s", path, strerror(errno));
            return EXIT_FAILURE_RUN;
        }
    }
    /* New, or only a torn header line that was dropped. */
    if (sb.st_size == 0) {
        snprintf(text, sizeof text, "%s\n%s\n%s\n%s\n", MAGIC, header[0],
                 header[1], header[2]);
        return write_all(lg, text) == 0 ? EXIT_OK : EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}
