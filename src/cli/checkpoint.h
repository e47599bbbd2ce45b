/* checkpoint.h -- the tasks of an enumeration, finished and recorded
 * (relucells count --checkpoint, relucells-mpi).
 *
 * A ledger holds what every finished task of the engine's plan found
 * (enumerate.h: rc_task_result), from a checkpoint file or from this run
 * (on any rank); the whole enumeration's counts are the top levels' plus
 * the ledger's.  With a file, every task recorded is appended to it as one
 * line (one write: a killed process loses nothing written; the file is
 * synced to disk once a second and at the end, so a machine crash loses
 * at most the last second), so that a run killed at any moment can be resumed: the
 * tasks already there are skipped and their counts added.
 *
 * The file (text, relucells(1)):
 *
 *   # relucells checkpoint 1
 *   network <16 hex digits: FNV-1a of the layer sizes and exact numbers>
 *   domain <16 hex digits: of the box (exact bounds) and the fixed inputs>
 *   arithmetic <name> eps <%a> lp_margin <%a> filter_margin <%a>
 *   plan tasks <N> hidden <H> top_seconds <S>
 *   task <i> regions <R> layers <c_1> ... <c_H> stats <8 counters> seconds <S>
 *   ...
 *
 * Everything that changes the plan is in the header; a file with another
 * header, or a line that does not parse, is refused (exit 2, naming the
 * file and the line).  Only a last line without its newline (a run killed
 * while writing it) is dropped, with a note. */
#ifndef RC_CLI_CHECKPOINT_H
#define RC_CLI_CHECKPOINT_H

#include <stdint.h>
#include <stdio.h>

#include <relucells.h>

typedef struct cli_ledger {
    size_t num_tasks;            /* 0 until the plan is known */
    size_t num_hidden;
    unsigned char *done;         /* per task, once the plan is known */
    size_t finished;             /* tasks in the ledger */
    size_t regions;
    size_t *counts;              /* num_hidden: the tasks' layer counts */
    rc_enum_stats stats;
    /* The file (NULL: none). */
    const char *path;
    int fd;
    int has_plan;                /* the file has its plan line */
    double top_seconds;          /* from the file's plan line, or 0 */
    size_t cursor;               /* cli_ledger_next */
    double next_sync;            /* when to fsync again */
} cli_ledger;

/* A ledger for a network of num_hidden hidden layers; 0, or -1 (out of
 * memory, message printed). */
int cli_ledger_init(cli_ledger *lg, size_t num_hidden);
void cli_ledger_clear(cli_ledger *lg);

/* Open the checkpoint file path for net, dom and opts: read and check it
 * if it exists (its tasks go into the ledger), create it with its header
 * if not.  EXIT_OK, or EXIT_BAD_INPUT / EXIT_FAILURE_RUN with a one-line
 * message printed. */
int cli_ledger_open(cli_ledger *lg, const char *path, const rc_net *net,
                    const rc_domain *dom, const rc_enum_opts *opts);

/* The plan is known: num_tasks tasks, the top levels took top_seconds.
 * 0, or -1 with the message printed (the file's tasks do not fit). */
int cli_ledger_plan(cli_ledger *lg, size_t num_tasks, double top_seconds);

/* Is task i in the ledger?  The next task not in it and not handed out
 * yet (in order), or RC_NO_TASK. */
int cli_ledger_has(const cli_ledger *lg, size_t i);
size_t cli_ledger_next(cli_ledger *lg);

/* Add a finished task (and append it to the file, which is synced at
 * most once a second): 0, or -1 with the message printed (the file could
 * not be written).  cli_ledger_sync syncs the file now (at the end). */
int cli_ledger_add(cli_ledger *lg, const rc_task_result *r);
int cli_ledger_sync(cli_ledger *lg);

/* The whole enumeration's summary into out (initialised, cleared first):
 * the top levels' counts and decisions from run (a summary of this
 * process's run), plus the ledger's; complete when the run was and the
 * ledger holds every task.  0, or -1 when out of memory. */
int cli_ledger_summary(rc_enum_summary *out, const cli_ledger *lg,
                       const rc_enum_summary *run);

/* The counters of rc_enum_stats as an array, and back (8 of them). */
#define CLI_NUM_STATS 8
void cli_stats_get(size_t *v, const rc_enum_stats *s);
void cli_stats_set(rc_enum_stats *s, const size_t *v);

#endif
