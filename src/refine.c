/* refine.c -- layer-by-layer refinement of the domain into linear regions.
 *
 * Heinecke & Hwang (Prop. 3): let Theta_{k-1} be the regions after k-1
 * hidden layers.  On a region R of Theta_{k-1} the post-activations of layer
 * k-1 are an affine function a_{k-1}(u) = D_theta (Z_{k-1} u + z_{k-1}), so
 * the pre-activations of layer k, W_k a_{k-1}(u) + b_k, are N_k affine
 * functions of u on R.  Their zero sets split R into the pieces of
 * Theta_k that lie in R; a neuron whose function keeps one sign on a piece
 * has that bit of the configuration on the piece.  The splitting is
 * incremental: the pieces of R are cut by one hyperplane after the other,
 * and a hyperplane that misses a piece is rejected by the signs of its
 * function at the piece's generators (vertices and rays), which decide
 * exactly whether it meets the interior.  No pattern is ever guessed: the
 * work is proportional to the pieces that exist.
 *
 * Everything is in internal coordinates u (x_free = centre + scale * u),
 * where a box domain is [-1,1]^n, so that tolerances do not depend on the
 * units of the inputs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain_internal.h"
#include "error_internal.h"
#include "lp_glpk.h"
#include "net_internal.h"
#include "partition_internal.h"

void
rc_enum_opts_init(rc_enum_opts *opts)
{
    opts->eps = 1e-9;
    opts->lp_margin = 1e-7;
    opts->max_regions = 0;
    opts->chebyshev = 1;
    opts->volume = 1;
}

/* A piece under refinement: its polyhedron, its configuration so far and
 * the affine map of the current layer's post-activations on it,
 * width x (n+1) (column 0 the constant). */
typedef struct cell {
    rc_poly *poly;
    unsigned char *pattern;
    double *post;
} cell;

typedef struct cell_list {
    cell *items;
    size_t len, cap;
} cell_list;

static void
cell_clear(cell *c)
{
    rc_poly_free(c->poly);
    free(c->pattern);
    free(c->post);
    c->poly = NULL;
    c->pattern = NULL;
    c->post = NULL;
}

static void
cell_list_clear(cell_list *l)
{
    size_t i;

    for (i = 0; i < l->len; i++)
        cell_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

static rc_status
cell_list_push(cell_list *l, cell c)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        cell *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return RC_ERR_NOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = c;
    return RC_OK;
}

/* Chebyshev radius, in internal units, of P n {sign * h >= 0}. */
static rc_status
side_radius(double *radius, const rc_poly *p, const double *row, double sign,
            rc_enum_stats *stats, rc_error *err)
{
    size_t n = p->n, d = n + 1, i, j, m = 0;
    double *A = malloc((p->m + 1) * n * sizeof(double));
    double *b = malloc((p->m + 1) * sizeof(double));
    double *centre = malloc(n * sizeof(double));
    rc_status st;

    if (!A || !b || !centre) {
        free(A);
        free(b);
        free(centre);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i <= p->m; i++) {
        const double *r = i < p->m ? p->rows + i * d : row;
        double s = i < p->m ? 1.0 : sign;
        if (i < p->m && p->owners[i].kind == (rc_owner_kind)RC_OWNER_INFINITY)
            continue;
        for (j = 0; j < n; j++)
            A[m * n + j] = -s * r[1 + j];
        b[m] = s * r[0];
        m++;
    }
    st = rc_lp_chebyshev(centre, radius, A, b, m, n, 1.0, err);
    stats->lp_calls++;
    free(A);
    free(b);
    free(centre);
    return st;
}

/* Split every piece of *pieces by the hyperplane of neuron j (row, not yet
 * normalised); set bit j of the pieces' layer block. */
static rc_status
cut_pieces(cell_list *pieces, const double *row_in, size_t n, size_t bit,
           rc_owner owner, const rc_enum_opts *opts, rc_enum_stats *stats,
           double **vals, size_t *vals_cap, size_t pattern_length,
           rc_error *err)
{
    size_t d = n + 1, i, j, len = pieces->len;
    double row[64], norm = 0.0, total = 0.0;
    double *rowp = d <= 64 ? row : malloc(d * sizeof(double));
    rc_status st = RC_OK;

    if (rowp == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    for (j = 1; j < d; j++)
        norm += row_in[j] * row_in[j];
    norm = sqrt(norm);
    total = norm + fabs(row_in[0]);
    if (!isfinite(total)) {
        if (rowp != row)
            free(rowp);
        return rc_error_set(err, RC_ERR_NUMERIC,
                            "neuron %u %u: pre-activation is not finite",
                            owner.layer + 1, owner.index + 1);
    }
    if (norm <= 1e-14 * total || norm == 0.0) {
        /* Constant on the region (a zero row, or cancelled): its sign is
         * the bit; an identically zero neuron is inactive. */
        for (i = 0; i < len; i++)
            pieces->items[i].pattern[bit] = row_in[0] > 0.0;
        if (rowp != row)
            free(rowp);
        return RC_OK;
    }
    for (j = 0; j < d; j++)
        rowp[j] = row_in[j] / norm;

    for (i = 0; i < len && st == RC_OK; i++) {
        cell *c = &pieces->items[i];
        double margin;
        rc_side side;
        rc_poly *neg = NULL, *pos = NULL;
        cell twin;

        if (c->poly->k > *vals_cap) {
            double *v = realloc(*vals, 2 * c->poly->k * sizeof(double));
            if (v == NULL) {
                st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                break;
            }
            *vals = v;
            *vals_cap = 2 * c->poly->k;
        }
        stats->classifications++;
        side = rc_poly_classify(c->poly, rowp, opts->eps, *vals, &margin);
        if (side == RC_SIDE_BOTH && margin < opts->lp_margin) {
            /* Too shallow for the signs to be trusted: ask the LP whether
             * both pieces have interior. */
            double rneg, rpos;
            stats->uncertain++;
            if ((st = side_radius(&rneg, c->poly, rowp, -1.0, stats, err)) != RC_OK
                || (st = side_radius(&rpos, c->poly, rowp, 1.0, stats, err)) != RC_OK)
                break;
            if (rneg <= opts->eps || rpos <= opts->eps) {
                stats->lp_decisions++;
                side = rneg > rpos ? RC_SIDE_NEG : RC_SIDE_POS;
            }
        }
        if (side != RC_SIDE_BOTH) {
            c->pattern[bit] = side == RC_SIDE_POS;
            continue;
        }
        stats->cuts++;
        st = rc_poly_split(&neg, &pos, c->poly, rowp, owner, *vals, opts->eps);
        if (st != RC_OK) {
            st = rc_error_set(err, st, "out of memory");
            break;
        }
        twin.poly = pos;
        twin.post = NULL;
        twin.pattern = malloc(pattern_length);
        if (twin.pattern == NULL) {
            rc_poly_free(neg);
            rc_poly_free(pos);
            st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
            break;
        }
        memcpy(twin.pattern, c->pattern, pattern_length);
        twin.pattern[bit] = 1;
        rc_poly_free(c->poly);
        c->poly = neg;
        c->pattern[bit] = 0;
        if (cell_list_push(pieces, twin) != RC_OK) {
            cell_clear(&twin);
            st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
    }
    if (rowp != row)
        free(rowp);
    return st;
}

/* The map of the normalised inputs x_n = (x - mean) / range as a function
 * of u: n_in x (n+1), fixed inputs constant. */
static double *
input_map(const rc_net *net, const rc_domain *dom, const double *centre,
          const double *scale)
{
    size_t nin = net->sizes[0], n = rc_domain_dim(dom), d = n + 1, i, k = 0;
    double *a = calloc(nin * d, sizeof(double));

    if (a == NULL)
        return NULL;
    for (i = 0; i < nin; i++) {
        double mean = net->in_mean[i], range = net->in_range[i];
        if (dom->fixed[i]) {
            a[i * d] = (dom->value[i] - mean) / range;
        } else {
            a[i * d] = (centre[k] - mean) / range;
            a[i * d + 1 + k] = scale[k] / range;
            k++;
        }
    }
    return a;
}

/* z = W a + b for a layer: W is out x in, a is in x d, z is out x d. */
static void
affine_compose(double *z, const double *W, const double *b, const double *a,
               size_t out, size_t in, size_t d)
{
    size_t i, j, c;

    for (i = 0; i < out; i++) {
        double *zi = z + i * d;
        for (c = 0; c < d; c++)
            zi[c] = 0.0;
        zi[0] = b[i];
        for (j = 0; j < in; j++) {
            double w = W[i * in + j];
            const double *aj = a + j * d;
            if (w == 0.0)
                continue;
            for (c = 0; c < d; c++)
                zi[c] += w * aj[c];
        }
    }
}

static rc_status
partition_alloc(rc_partition **out, const rc_net *net, const rc_domain *dom,
                rc_error *err)
{
    rc_partition *part = calloc(1, sizeof *part);
    size_t k, n = rc_domain_dim(dom);

    *out = NULL;
    if (part == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    part->dim = n;
    part->num_inputs = net->sizes[0];
    part->num_outputs = net->sizes[net->num_layers];
    part->num_hidden = net->num_layers - 1;
    part->pattern_length = rc_net_num_neurons(net);
    part->free_inputs = calloc(n, sizeof(size_t));
    part->hidden_sizes = calloc(part->num_hidden + 1, sizeof(size_t));
    part->layer_counts = calloc(part->num_hidden + 1, sizeof(size_t));
    part->centre = calloc(n, sizeof(double));
    part->scale = calloc(n, sizeof(double));
    if (!part->free_inputs || !part->hidden_sizes || !part->layer_counts
        || !part->centre || !part->scale) {
        rc_partition_free(part);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (k = 0; k < n; k++)
        part->free_inputs[k] = rc_domain_free_input(dom, k);
    for (k = 0; k < part->num_hidden; k++)
        part->hidden_sizes[k] = net->sizes[k + 1];
    rc_domain_internal_frame(dom, part->centre, part->scale);
    *out = part;
    return RC_OK;
}

rc_status
rc_enumerate(rc_partition **out, const rc_net *net, const rc_domain *dom,
             const rc_enum_opts *opts_in, rc_error *err)
{
    rc_enum_opts opts;
    rc_partition *part = NULL;
    cell_list cur = {0}, next = {0}, pieces = {0};
    size_t n, d, L, k, r, j, i, offset = 0;
    double *z = NULL, *vals = NULL, *y = NULL;
    size_t vals_cap = 0, maxw = 0;
    rc_status st;
    cell root = {0};

    *out = NULL;
    if (opts_in != NULL)
        opts = *opts_in;
    else
        rc_enum_opts_init(&opts);
    if (dom->num_inputs != net->sizes[0])
        return rc_error_set(err, RC_ERR_ARG,
                            "domain has %zu inputs, network has %zu",
                            dom->num_inputs, net->sizes[0]);
    if (!(opts.eps > 0.0) || !(opts.lp_margin >= 0.0))
        return rc_error_set(err, RC_ERR_ARG, "tolerances must be positive");
    if ((st = partition_alloc(&part, net, dom, err)) != RC_OK)
        return st;
    n = part->dim;
    d = n + 1;
    L = net->num_layers;
    for (k = 0; k <= L; k++)
        if (net->sizes[k] > maxw)
            maxw = net->sizes[k];

    st = dom->bounded ? rc_poly_new_box(&root.poly, n)
                      : rc_poly_new_space(&root.poly, n);
    if (st != RC_OK) {
        rc_error_set(err, st, st == RC_ERR_ARG
                     ? "the domain has %zu free inputs; at most 20 are supported"
                     : "out of memory", n);
        goto fail;
    }
    root.pattern = calloc(part->pattern_length + 1, 1);
    root.post = input_map(net, dom, part->centre, part->scale);
    z = malloc(maxw * d * sizeof(double));
    if (!root.pattern || !root.post || !z
        || cell_list_push(&cur, root) != RC_OK) {
        cell_clear(&root);
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto fail;
    }

    for (k = 0; k + 1 < L; k++) {
        size_t in = net->sizes[k], width = net->sizes[k + 1];

        for (r = 0; r < cur.len; r++) {
            cell *parent = &cur.items[r];

            affine_compose(z, net->weights[k], net->biases[k], parent->post,
                           width, in, d);
            pieces.len = 0;
            if ((st = cell_list_push(&pieces, (cell){parent->poly,
                                     parent->pattern, NULL})) != RC_OK) {
                rc_error_set(err, st, "out of memory");
                goto fail;
            }
            parent->poly = NULL;
            parent->pattern = NULL;
            for (j = 0; j < width; j++) {
                rc_owner owner = {RC_OWNER_NEURON, (unsigned)k, (unsigned)j, 0};
                st = cut_pieces(&pieces, z + j * d, n, offset + j, owner, &opts,
                                &part->stats, &vals, &vals_cap,
                                part->pattern_length + 1, err);
                if (st != RC_OK)
                    goto fail;
            }
            /* Each piece gets its post-activations: the rows of its
             * active neurons. */
            for (i = 0; i < pieces.len; i++) {
                cell *c = &pieces.items[i];
                c->post = malloc(width * d * sizeof(double));
                if (c->post == NULL) {
                    st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                    goto fail_pieces;
                }
                for (j = 0; j < width; j++) {
                    if (c->pattern[offset + j])
                        memcpy(c->post + j * d, z + j * d, d * sizeof(double));
                    else
                        memset(c->post + j * d, 0, d * sizeof(double));
                }
                if ((st = cell_list_push(&next, *c)) != RC_OK) {
                    rc_error_set(err, st, "out of memory");
                    goto fail_pieces;
                }
            }
            pieces.len = 0;
            cell_clear(parent);
            if (opts.max_regions > 0 && next.len > opts.max_regions) {
                st = rc_error_set(err, RC_ERR_LIMIT,
                                  "more than %zu regions after layer %zu",
                                  opts.max_regions, k + 1);
                goto fail;
            }
        }
        part->layer_counts[k] = next.len;
        offset += width;
        cell_list_clear(&cur);
        cur = next;
        next = (cell_list){0};
    }

    /* Output layer: y = (W_L a_{L-1} + b_L) * range_out + mean_out. */
    y = malloc(net->sizes[L] * d * sizeof(double));
    if (y == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto fail;
    }
    for (r = 0; r < cur.len; r++) {
        cell *c = &cur.items[r];
        affine_compose(y, net->weights[L - 1], net->biases[L - 1], c->post,
                       net->sizes[L], net->sizes[L - 1], d);
        for (i = 0; i < net->sizes[L] * d; i++)
            y[i] *= net->out_range;
        for (i = 0; i < net->sizes[L]; i++)
            y[i * d] += net->out_mean;
        st = rc_partition_add_region(part, c->poly, c->pattern, y, err);
        c->poly = NULL;
        if (st != RC_OK)
            goto fail;
        cell_clear(c);
    }
    cell_list_clear(&cur);
    free(pieces.items);
    free(z);
    free(y);
    free(vals);
    if ((st = rc_partition_finish(part, &opts, err)) != RC_OK) {
        rc_partition_free(part);
        return st;
    }
    *out = part;
    return RC_OK;

fail_pieces:
    /* pieces before i already belong to next */
    for (j = i; j < pieces.len; j++)
        cell_clear(&pieces.items[j]);
    pieces.len = 0;
fail:
    for (i = 0; i < pieces.len; i++)
        cell_clear(&pieces.items[i]);
    free(pieces.items);
    cell_list_clear(&cur);
    cell_list_clear(&next);
    free(z);
    free(y);
    free(vals);
    rc_partition_free(part);
    return st;
}
