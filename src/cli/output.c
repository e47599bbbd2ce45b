/* output.c -- the program's output file: written whole or not at all.
 *
 * -o FILE is written to a temporary file beside FILE and renamed over it
 * only when the command succeeds, so a failure never leaves a half-written
 * file and an existing FILE survives a failed run.  The temporary file gets
 * the mode FILE would get from a plain open(FILE, O_CREAT, 0666) under the
 * user's umask (or the mode of the existing FILE); a symbolic link is
 * followed so that its target is replaced, not the link.  The first
 * SIGINT or SIGTERM asks the computation to stop (what is finished is
 * written and marked incomplete); a second one, or one outside a
 * computation, removes the temporary file (unlink is async-signal-safe)
 * and lets the signal take its course. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The temporary file a signal must remove; one at a time. */
static char pending_tmp[PATH_MAX + 32];
static volatile sig_atomic_t pending = 0;
static volatile sig_atomic_t graceful = 0;
static volatile int stop_flag = 0;      /* read by the engine */
static volatile sig_atomic_t stop_sig = 0;

static void
on_signal(int sig)
{
    if (graceful && !stop_flag) {
        /* The engine sees the request and stops cleanly; the program
         * writes what is finished and exits 128 + sig. */
        stop_sig = sig;
        stop_flag = 1;
        return;
    }
    if (pending)
        unlink(pending_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

void
cli_signals_install(int graceful_stop)
{
    struct sigaction sa;

    graceful = graceful_stop != 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

const volatile int *
cli_stop_flag(void)
{
    return &stop_flag;
}

int
cli_stop_signal(void)
{
    return stop_sig;
}

/* The file a chain of symbolic links ends at (path itself if none);
 * NULL when out of memory or the chain is too long. */
static char *
follow_links(const char *path)
{
    char *cur = strdup(path);
    int hops;

    for (hops = 0; cur != NULL && hops < 40; hops++) {
        char target[PATH_MAX];
        struct stat sb;
        ssize_t len;
        char *next, *slash;

        if (lstat(cur, &sb) != 0 || !S_ISLNK(sb.st_mode))
            return cur;
        len = readlink(cur, target, sizeof target - 1);
        if (len < 0)
            return cur;
        target[len] = '\0';
        slash = strrchr(cur, '/');
        if (target[0] == '/' || slash == NULL) {
            next = strdup(target);
        } else {
            size_t dir = (size_t)(slash - cur) + 1;
            next = malloc(dir + (size_t)len + 1);
            if (next != NULL) {
                memcpy(next, cur, dir);
                memcpy(next + dir, target, (size_t)len + 1);
            }
        }
        free(cur);
        cur = next;
    }
    free(cur);
    return NULL;
}

int
cli_output_open(cli_output *o, const char *path)
{
    struct stat sb;
    mode_t mode, mask;
    int fd;

    o->path = NULL;
    o->target = NULL;
    o->tmp = NULL;
    o->f = stdout;
    if (path == NULL || strcmp(path, "-") == 0)
        return 0;
    if (path[0] == '\0') {
        cli_error("-o: the file name is empty");
        return EXIT_BAD_INPUT;
    }
    o->path = path;
    o->target = follow_links(path);
    if (o->target == NULL) {
        cli_error("%s: too many levels of symbolic links", path);
        return EXIT_BAD_INPUT;
    }
    if (stat(o->target, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* A device or pipe cannot be replaced by rename: write to it. */
        o->f = fopen(o->target, "w");
        if (o->f == NULL) {
            cli_error("%s: cannot open: %s", path, strerror(errno));
            return EXIT_BAD_INPUT;
        }
        return 0;
    }
    if (stat(o->target, &sb) == 0) {
        mode = sb.st_mode & 07777;
    } else {
        mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    o->tmp = malloc(strlen(o->target) + 16);
    if (o->tmp == NULL || strlen(o->target) + 16 > sizeof pending_tmp) {
        cli_error("%s: file name too long", path);
        return EXIT_BAD_INPUT;
    }
    sprintf(o->tmp, "%s.tmp.XXXXXX", o->target);
    /* Registered before it exists, so that no signal can leave it. */
    strcpy(pending_tmp, o->tmp);
    pending = 1;
    fd = mkstemp(pending_tmp);
    if (fd >= 0)
        strcpy(o->tmp, pending_tmp);
    if (fd < 0 || fchmod(fd, mode) != 0 || (o->f = fdopen(fd, "w")) == NULL) {
        cli_error("%s: cannot create: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        pending = 0;
        return EXIT_BAD_INPUT;
    }
    return 0;
}

void
cli_output_abort(cli_output *o)
{
    if (o->f != NULL && (o->path != NULL || o->tmp != NULL))
        cli_output_close(o, 0);
}

int
cli_output_close(cli_output *o, int ok)
{
    int bad = 0;

    if (o->path == NULL) {
        if (o->f == NULL)
            return 0;
        o->f = NULL;
        bad = fflush(stdout) != 0 || ferror(stdout);
        if (bad && ok)
            cli_error("cannot write standard output");
        return bad;
    }
    if (o->tmp == NULL) {
        if (o->f != NULL && o->f != stdout) {
            bad = ferror(o->f) != 0;
            bad |= fclose(o->f) != 0;
        }
        if (bad && ok)
            cli_error("%s: cannot write", o->path);
        free(o->target);
        o->target = NULL;
        o->path = NULL;
        o->f = NULL;
        return bad;
    }
    bad = ferror(o->f) != 0;
    bad |= fclose(o->f) != 0;
    if (ok && !bad && rename(o->tmp, o->target) != 0) {
        cli_error("%s: cannot write: %s", o->path, strerror(errno));
        bad = 1;
    } else if (ok && bad) {
        cli_error("%s: cannot write: %s", o->path, strerror(errno));
    }
    if (!ok || bad)
        unlink(o->tmp);
    pending = 0;
    free(o->tmp);
    free(o->target);
    o->tmp = NULL;
    o->target = NULL;
    o->path = NULL;
    o->f = NULL;
    return bad;
}
