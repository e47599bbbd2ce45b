/* progress.c -- the progress line on stderr: regions so far, the layer
 * being refined, regions per second, elapsed time and the estimated share
 * done.  On a terminal one line rewritten in place (and erased at the
 * end); with --progress into a pipe, one line per report. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

static int on_terminal;

static void
show(void *user, const rc_progress *p)
{
    double rate = p->elapsed > 0.0 ? (double)p->regions / p->elapsed : 0.0;

    (void)user;
    if (p->finished && on_terminal) {
        fputs("\r\033[K", stderr);      /* done: leave the screen clean */
        return;
    }
    fprintf(stderr, "%s%zu regions  layer %zu  %.0f regions/s  %.1f s  ~%.0f%% done%s",
            on_terminal ? "\r" : "", p->regions, p->depth, rate, p->elapsed,
            100.0 * p->fraction, on_terminal ? "\033[K" : "\n");
    fflush(stderr);
}

void
cli_run_prepare(cli_common *c)
{
    c->opts.stop = cli_stop_flag();
    on_terminal = isatty(STDERR_FILENO);
    if (c->progress > 0 || (c->progress == 0 && on_terminal)) {
        c->opts.progress = show;
        c->opts.progress_user = NULL;
        c->opts.progress_interval = on_terminal ? 0.25 : 1.0;
    }
}
