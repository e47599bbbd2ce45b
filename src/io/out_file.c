/* out_file.c -- writing a file whole or not at all (see out_file.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error_internal.h"
#include "io/out_file.h"

/* The process's umask without changing it (umask(2) can only set it, and
 * setting it and back would race with other threads creating files):
 * Linux reports it in /proc/self/status; elsewhere assume 022. */
static mode_t
current_umask(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    unsigned int mask = 022;

    if (f == NULL)
        return 022;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "Umask: %o", &mask) == 1)
            break;
    fclose(f);
    return (mode_t)(mask & 0777);
}

/* mkstemp makes the file 0600; the file written should look as if it had
 * been opened with fopen: the mode of the file it replaces, else 0666
 * less the umask. */
static void
set_mode(int fd, const char *path)
{
    struct stat st;
    mode_t mode;

    if (stat(path, &st) == 0)
        mode = st.st_mode & 07777;
    else
        mode = 0666 & ~current_umask();
    (void)fchmod(fd, mode);
}

rc_status
rc_out_file_open(rc_out_file *o, const char *path, rc_error *err)
{
    int fd;

    o->f = NULL;
    o->path = path;
    o->tmp = NULL;
    if (path == NULL)
        return rc_error_set(err, RC_ERR_ARG, "no file name given");
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        return RC_OK;
    }
    o->tmp = malloc(strlen(path) + 16);
    if (o->tmp == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "%s: out of memory", path);
    sprintf(o->tmp, "%s.tmp.XXXXXX", path);
    fd = mkstemp(o->tmp);
    if (fd >= 0)
        set_mode(fd, path);
    if (fd < 0 || (o->f = fdopen(fd, "w")) == NULL) {
        int e = errno;

        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return rc_error_set(err, RC_ERR_IO, "%s: cannot create: %s", path,
                            strerror(e));
    }
    return RC_OK;
}

rc_status
rc_out_file_close(rc_out_file *o, int commit, rc_error *err)
{
    rc_status st = RC_OK;
    int bad;

    if (o->f == NULL)
        return RC_OK;
    if (o->tmp == NULL) {
        bad = fflush(o->f) != 0 || ferror(o->f);
        o->f = NULL;
        if (commit && bad)
            st = rc_error_set(err, RC_ERR_IO, "cannot write standard output");
        return st;
    }
    bad = ferror(o->f) != 0;
    bad |= fclose(o->f) != 0;
    o->f = NULL;
    if (commit && bad)
        st = rc_error_set(err, RC_ERR_IO, "%s: cannot write: %s", o->path,
                          strerror(errno ? errno : EIO));
    else if (commit && rename(o->tmp, o->path) != 0)
        st = rc_error_set(err, RC_ERR_IO, "%s: cannot write: %s", o->path,
                          strerror(errno));
    if (!commit || st != RC_OK)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return st;
}
