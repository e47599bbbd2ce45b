/* export_boundary.c -- the decision boundary as JSON and CSV (see
 * relucells/boundary.h for the layouts).  Written piece by piece with
 * printf: doubles to 17 significant digits (they read back exactly), and
 * rationals as "p/q" strings, as in the partition's JSON. */
#include <gmp.h>
#include <stdio.h>

#include "analysis/boundary_internal.h"
#include "base/error_internal.h"

static void
write_number(FILE *out, const rc_boundary *b, size_t piece, size_t k)
{
    if (b->exact)
        gmp_fprintf(out, "\"%Qd\"", b->points_q[piece][k]);
    else
        fprintf(out, "%.17g", b->pieces[piece].points[k] + 0.0);
}

static void
write_point(FILE *out, const rc_boundary *b, size_t piece, size_t p)
{
    size_t k;

    fputc('[', out);
    for (k = 0; k < b->dim; k++) {
        if (k > 0)
            fputs(", ", out);
        write_number(out, b, piece, p * b->dim + k);
    }
    fputc(']', out);
}

static void
write_classes(FILE *out, const rc_boundary *b, const rc_boundary_piece *p)
{
    if (b->kind == RC_BOUNDARY_LEVEL)
        fprintf(out, "[%u]", p->classes[0] + 1);
    else
        fprintf(out, "[%u, %u]", p->classes[0] + 1, p->classes[1] + 1);
}

static rc_status
finish(FILE *out, rc_error *err)
{
    if (ferror(out))
        return rc_error_set(err, RC_ERR_IO, "cannot write the boundary");
    return RC_OK;
}

rc_status
rc_boundary_write_json(FILE *out, const rc_boundary *b, rc_error *err)
{
    size_t i, k;

    fprintf(out, "{\"arithmetic\": \"%s\",\n\"dimension\": %zu,\n\"inputs\": [",
            b->exact ? "exact" : "float", b->dim);
    for (k = 0; k < b->dim; k++)
        fprintf(out, "%s%zu", k ? ", " : "", b->inputs[k] + 1);
    fputs("],\n", out);
    if (b->kind == RC_BOUNDARY_LEVEL) {
        fprintf(out, "\"kind\": \"level\",\n\"output\": %zu,\n\"level\": ",
                b->output + 1);
        if (b->exact)
            gmp_fprintf(out, "\"%Qd\"", b->level_q);
        else
            fprintf(out, "%.17g", b->level);
    } else {
        fprintf(out, "\"kind\": \"classes\",\n\"decide\": \"%s\"",
                b->argmin ? "argmin" : "argmax");
    }
    fprintf(out, ",\n\"tied_regions\": %zu,\n\"%s\": [", b->tied,
            b->dim == 2 ? "segments" : "polygons");
    for (i = 0; i < b->num; i++) {
        const rc_boundary_piece *p = &b->pieces[i];
        fputs(i ? ",\n" : "\n", out);
        if (b->dim == 2) {
            fputs("{\"from\": ", out);
            write_point(out, b, i, 0);
            fputs(", \"to\": ", out);
            write_point(out, b, i, 1);
        } else {
            fputs("{\"points\": [", out);
            for (k = 0; k < p->num_points; k++) {
                if (k > 0)
                    fputs(", ", out);
                write_point(out, b, i, k);
            }
            fputc(']', out);
        }
        fprintf(out, ", \"region\": %zu, \"classes\": ", p->region + 1);
        write_classes(out, b, p);
        fputc('}', out);
    }
    fputs("\n]}\n", out);
    return finish(out, err);
}

static void
write_csv_classes(FILE *out, const rc_boundary *b, const rc_boundary_piece *p)
{
    if (b->kind == RC_BOUNDARY_LEVEL)
        fprintf(out, "%u,", p->classes[0] + 1);
    else
        fprintf(out, "%u,%u", p->classes[0] + 1, p->classes[1] + 1);
}

rc_status
rc_boundary_write_csv(FILE *out, const rc_boundary *b, rc_error *err)
{
    size_t i, k, q;

    if (b->dim == 2) {
        fputs("region,class_i,class_j", out);
        for (q = 0; q < 2; q++)
            for (k = 0; k < 2; k++)
                fprintf(out, ",%s_x%zu", q ? "to" : "from", b->inputs[k] + 1);
    } else {
        fputs("piece,region,class_i,class_j", out);
        for (k = 0; k < b->dim; k++)
            fprintf(out, ",x%zu", b->inputs[k] + 1);
    }
    fputc('\n', out);
    for (i = 0; i < b->num; i++) {
        const rc_boundary_piece *p = &b->pieces[i];
        for (q = 0; q < (b->dim == 2 ? 1 : p->num_points); q++) {
            if (b->dim != 2)
                fprintf(out, "%zu,", i + 1);
            fprintf(out, "%zu,", p->region + 1);
            write_csv_classes(out, b, p);
            for (k = 0; k < (b->dim == 2 ? 2 * b->dim : b->dim); k++) {
                fputc(',', out);
                if (b->exact)
                    gmp_fprintf(out, "%Qd", b->points_q[i][q * b->dim + k]);
                else
                    fprintf(out, "%.17g", p->points[q * b->dim + k] + 0.0);
            }
            fputc('\n', out);
        }
    }
    return finish(out, err);
}
