/* load.c -- reading a network file in either format, found by content.
 *
 * An NNet file is text.  An ONNX model is a protobuf: its first byte is a
 * field tag (0x08, the IR version, for every exporter) and tags and lengths
 * put control characters among its first bytes.  So a file whose first
 * 4 KiB hold a control character other than the blanks of text (tab, line
 * feed, vertical tab, form feed, carriage return) is read as ONNX, any
 * other as NNet; --input-format overrides the guess. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "relucells/io.h"

#define SNIFF_BYTES 4096

static int
looks_binary(const unsigned char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n && i < SNIFF_BYTES; i++)
        if ((p[i] < 0x20 && (p[i] < '\t' || p[i] > '\r')) || p[i] == 0x7f)
            return 1;
    return 0;
}

/* All of in into *buf (malloc'd, *len bytes). */
static rc_status
read_all(unsigned char **buf, size_t *len, FILE *in, const char *name,
         rc_error *err)
{
    size_t cap = 1 << 16, n = 0, got;
    unsigned char *b = malloc(cap), *nb;

    *buf = NULL;
    *len = 0;
    if (b == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "%s: out of memory", name);
    while ((got = fread(b + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap) {
            if (cap > (size_t)1 << 40 || (nb = realloc(b, 2 * cap)) == NULL) {
                free(b);
                return rc_error_set(err, RC_ERR_NOMEM, "%s: out of memory", name);
            }
            b = nb;
            cap *= 2;
        }
    }
    if (ferror(in)) {
        free(b);
        return rc_error_set(err, RC_ERR_IO, "%s: read error: %s", name,
                            strerror(errno ? errno : EIO));
    }
    *buf = b;
    *len = n;
    return RC_OK;
}

/* The whole file at path ("-": standard input) into memory. */
static rc_status
read_file(unsigned char **buf, size_t *len, const char *path, rc_error *err)
{
    FILE *in;
    rc_status st;

    if (strcmp(path, "-") == 0)
        return read_all(buf, len, stdin, "<stdin>", err);
    in = fopen(path, "rb");
    if (in == NULL)
        return rc_error_set(err, RC_ERR_IO, "%s: cannot open: %s", path,
                            strerror(errno));
    st = read_all(buf, len, in, path, err);
    fclose(in);
    return st;
}

static const char *
display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

rc_status
rc_net_load_onnx(rc_net **net, const char *path, rc_error *err)
{
    unsigned char *buf;
    size_t len;
    rc_status st;

    *net = NULL;
    if (path == NULL)
        return rc_error_set(err, RC_ERR_ARG, "no file name given");
    if ((st = read_file(&buf, &len, path, err)) != RC_OK)
        return st;
    st = rc_net_read_onnx(net, buf, len, display_name(path), err);
    free(buf);
    return st;
}

rc_status
rc_net_load(rc_net **net, const char *path, rc_net_format format,
            rc_error *err)
{
    unsigned char *buf = NULL;
    size_t len;
    FILE *f;
    rc_status st;

    *net = NULL;
    if (path == NULL)
        return rc_error_set(err, RC_ERR_ARG, "no file name given");
    if (format == RC_NET_NNET)
        return rc_net_load_nnet(net, path, err);
    if (format == RC_NET_ONNX)
        return rc_net_load_onnx(net, path, err);
    if (format != RC_NET_AUTO)
        return rc_error_set(err, RC_ERR_ARG, "unknown network format %d",
                            (int)format);
    if (strcmp(path, "-") != 0) {
        unsigned char head[SNIFF_BYTES];

        f = fopen(path, "rb");
        if (f == NULL)
            return rc_error_set(err, RC_ERR_IO, "%s: cannot open: %s", path,
                                strerror(errno));
        len = fread(head, 1, sizeof head, f);
        fclose(f);
        return looks_binary(head, len) ? rc_net_load_onnx(net, path, err)
                                       : rc_net_load_nnet(net, path, err);
    }
    /* Standard input can be read once: keep it and parse from memory. */
    if ((st = read_all(&buf, &len, stdin, "<stdin>", err)) != RC_OK)
        return st;
    if (looks_binary(buf, len)) {
        st = rc_net_read_onnx(net, buf, len, "<stdin>", err);
    } else if (len == 0) {
        st = rc_error_set(err, RC_ERR_PARSE, "<stdin>: empty file");
    } else if ((f = fmemopen(buf, len, "r")) == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "<stdin>: out of memory");
    } else {
        st = rc_net_read_nnet(net, f, "<stdin>", err);
        fclose(f);
    }
    free(buf);
    return st;
}
