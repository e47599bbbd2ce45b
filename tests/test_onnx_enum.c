/* test_onnx_enum.c -- ONNX networks enumerated: the same regions and exact
 * maps as the NNet networks they were made from (round trips through the
 * generator's float64 ONNX files and through relucells' own writers), the
 * ACAS Xu network of the VNN-COMP benchmarks on its VNN-LIB box and on a
 * larger slice, identical from the ONNX file and from its NNet conversion,
 * and networks exported by torch, each checked by dense sampling.
 *
 * RC_TEST_QUICK (valgrind runs) skips the exact enumeration of the large
 * ACAS Xu slice. */
#include <unistd.h>

#include "onnx_helpers.h"

/* A temporary file name (the file exists, empty); unlink when done.  The
 * readers find the format by content, so the name needs no extension. */
static void
temp_name(char *buf, size_t size, const char *suffix)
{
    int fd;

    snprintf(buf, size, "/tmp/rc_test_onnx_%s_XXXXXX", suffix);
    fd = mkstemp(buf);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
}

/* ---- NNet -> ONNX (float64, by make_onnx.py) -> relucells ------------------- */

static rc_net *
copy_as_doubles(const rc_net *nn)
{
    size_t L = rc_net_num_layers(nn), l, i, j, sizes[64];
    rc_net *net = NULL;
    rc_error err;

    CU_ASSERT_FATAL(L < 63);
    sizes[0] = rc_net_num_inputs(nn);
    for (l = 0; l < L; l++)
        sizes[l + 1] = rc_net_layer_size(nn, l);
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, &err), RC_OK);
    for (l = 0; l < L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, rc_net_weights(nn, l)[i * sizes[l] + j]);
            rc_net_set_bias(net, l, i, rc_net_biases(nn, l)[i]);
        }
    CU_ASSERT_EQUAL(rc_net_set_normalisation(net, rc_net_input_mean(nn), rc_net_input_range(nn),
                                             rc_net_output_mean(nn), rc_net_output_range(nn),
                                             &err), RC_OK);
    return net;
}

static void
test_roundtrip_generator(void)
{
    static const char *const pairs[][2] = {
        {"tiny.nnet", "rt_tiny.onnx"},
        {"degenerate_lines.nnet", "rt_degenerate_lines.onnx"},
        {"../../examples/small2d.nnet", "rt_small2d.onnx"},
    };
    size_t k;

    for (k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        rc_net *nn = load_ok(test_data_path(pairs[k][0])), *ox = load_ok(onnx_path(pairs[k][1]));
        rc_net *nd = copy_as_doubles(nn);
        rc_domain *dom = NULL;
        rc_partition *pe, *qe, *pf, *qf;
        rc_error err;
        size_t n = rc_net_num_inputs(nn), i, j, L = rc_net_num_layers(nn);
        mpq_t t, s, r;

        /* Layer 1 exactly W / range and b - W mean / range; the last layer
         * scaled by the output range and shifted by the output mean. */
        mpq_init(t);
        mpq_init(s);
        mpq_init(r);
        for (i = 0; i < rc_net_layer_size(nn, 0); i++) {
            mpq_set(s, rc_net_biases_q(nd, 0) + i);
            for (j = 0; j < n; j++) {
                mpq_set_d(r, rc_net_input_range(nn)[j]);
                mpq_div(t, rc_net_weights_q(nd, 0) + i * n + j, r);
                CU_ASSERT(mpq_equal(t, rc_net_weights_q(ox, 0) + i * n + j));
                mpq_set_d(r, rc_net_input_mean(nn)[j]);
                mpq_mul(t, t, r);
                mpq_sub(s, s, t);
            }
            if (L == 1)
                continue;
            CU_ASSERT(mpq_equal(s, rc_net_biases_q(ox, 0) + i));
        }
        mpq_set_d(r, rc_net_output_range(nn));
        mpq_mul(t, rc_net_weights_q(nd, L - 1), r);
        CU_ASSERT(mpq_equal(t, rc_net_weights_q(ox, L - 1)));
        mpq_clear(t);
        mpq_clear(s);
        mpq_clear(r);
        /* The same regions and exact maps as the NNet network in doubles. */
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, nn, &err), RC_OK);
        pe = enumerate_ok(nd, dom, 1);
        qe = enumerate_ok(ox, dom, 1);
        CU_ASSERT_EQUAL(partition_diff(pe, qe, 0), 0);
        pf = enumerate_ok(nn, dom, 0);
        qf = enumerate_ok(ox, dom, 0);
        CU_ASSERT_EQUAL(partition_diff(pf, qf, 1e-9), 0);
        CU_ASSERT_EQUAL(rc_partition_num_regions(pe), rc_partition_num_regions(pf));
        rc_partition_free(pe);
        rc_partition_free(qe);
        rc_partition_free(pf);
        rc_partition_free(qf);
        rc_domain_free(dom);
        rc_net_free(nd);
        rc_net_free(ox);
        rc_net_free(nn);
    }
}

/* ---- relucells' own writers -------------------------------------------------------- */

/* Are the exact weights and biases of a and b the same? */
static int
same_exact_net(const rc_net *a, const rc_net *b)
{
    size_t L = rc_net_num_layers(a), l, i, in = rc_net_num_inputs(a);

    if (L != rc_net_num_layers(b) || in != rc_net_num_inputs(b))
        return 0;
    for (l = 0; l < L; l++) {
        size_t out = rc_net_layer_size(a, l);
        if (out != rc_net_layer_size(b, l))
            return 0;
        for (i = 0; i < out * in; i++)
            if (!mpq_equal(rc_net_weights_q(a, l) + i, rc_net_weights_q(b, l) + i))
                return 0;
        for (i = 0; i < out; i++)
            if (!mpq_equal(rc_net_biases_q(a, l) + i, rc_net_biases_q(b, l) + i))
                return 0;
        in = out;
    }
    return 1;
}

static void
test_writers(void)
{
    static const char *const pairs[][2] = {
        {"tiny.nnet", "rt_tiny.onnx"},
        {"../../examples/small2d.nnet", "rt_small2d.onnx"},
    };
    char path[64];
    size_t k, i, rounded;
    rc_error err;
    rc_net *net, *back;

    for (k = 0; k < 2; k++) {
        rc_net *nn = load_ok(test_data_path(pairs[k][0])), *gen = load_ok(onnx_path(pairs[k][1]));

        /* NNet -> ONNX by relucells: the exact network the generator's
         * float64 file gives; tiny.nnet is exact in binary, small2d not. */
        temp_name(path, sizeof path, "onnx");
        CU_ASSERT_EQUAL_FATAL(rc_net_write_onnx(nn, path, &rounded, &err), RC_OK);
        CU_ASSERT(k == 0 ? rounded == 0 : rounded > 100);
        back = load_ok(path);
        CU_ASSERT(same_exact_net(back, gen));
        rc_net_free(back);
        /* NNet -> NNet: every number exactly. */
        CU_ASSERT_EQUAL_FATAL(rc_net_write_nnet(nn, path, &err), RC_OK);
        back = load_ok(path);
        CU_ASSERT(same_exact_net(back, nn));
        for (i = 0; i < rc_net_num_inputs(nn); i++) {
            CU_ASSERT(mpq_equal(rc_net_input_min_q(back, i), rc_net_input_min_q(nn, i)));
            CU_ASSERT(mpq_equal(rc_net_input_max_q(back, i), rc_net_input_max_q(nn, i)));
            CU_ASSERT_EQUAL(rc_net_input_mean(back)[i], rc_net_input_mean(nn)[i]);
        }
        rc_net_free(back);
        unlink(path);
        rc_net_free(gen);
        rc_net_free(nn);
    }
    /* ONNX -> NNet: needs a box, refuses 1/3, else exact. */
    net = load_ok(onnx_path("old_exporter.onnx"));
    temp_name(path, sizeof path, "nnet");
    CU_ASSERT_EQUAL(rc_net_write_nnet(net, path, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no input box"));
    {
        double lo[2] = {-1, -2}, hi[2] = {1, 0.5};
        CU_ASSERT_EQUAL(rc_net_set_input_bounds(net, lo, hi, &err), RC_OK);
    }
    CU_ASSERT_EQUAL_FATAL(rc_net_write_nnet(net, path, &err), RC_OK);
    back = load_ok(path);
    CU_ASSERT(same_exact_net(back, net));
    CU_ASSERT(rc_net_has_input_bounds(back) && rc_net_input_max(back)[1] == 0.5);
    rc_net_free(back);
    rc_net_free(net);
    net = load_ok(onnx_path("div.onnx"));
    {
        double lo[2] = {-1, -1}, hi[2] = {1, 1};
        CU_ASSERT_EQUAL(rc_net_set_input_bounds(net, lo, hi, &err), RC_OK);
    }
    unlink(path);
    CU_ASSERT_EQUAL(rc_net_write_nnet(net, path, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "layer 1, neuron 1, weights, value 2, is 1/3"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no finite decimal expansion"));
    CU_ASSERT_EQUAL(access(path, F_OK), -1);   /* nothing left behind */
    rc_net_free(net);
}

/* ---- ACAS Xu as VNN-COMP ships it -------------------------------------------- */

/* A box domain on lo..hi with inputs fixed where fix[i] is not NULL. */
static rc_domain *
slice(size_t n, const mpq_t *lo, const mpq_t *hi, const char *const *fix)
{
    rc_domain *dom = NULL;
    rc_error err;
    size_t i;
    mpq_t v;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_box_q(&dom, n, lo, hi, &err), RC_OK);
    mpq_init(v);
    for (i = 0; i < n; i++)
        if (fix[i] != NULL) {
            q_of(v, fix[i]);
            CU_ASSERT_EQUAL_FATAL(rc_domain_fix_q(dom, i, v, &err), RC_OK);
        }
    mpq_clear(v);
    return dom;
}

/* The regions of the ONNX network and of its NNet conversion on dom: the
 * same patterns and maps (exact: equal), and dense sampling misses none. */
static void
acas_compare(const rc_net *ox, const rc_net *nn, const rc_domain *dom, int exact,
             size_t expect)
{
    rc_partition *p = enumerate_ok(ox, dom, 0), *q = enumerate_ok(nn, dom, 0);

    CU_ASSERT_EQUAL(rc_partition_num_regions(p), expect);
    CU_ASSERT_EQUAL(partition_diff(p, q, 0), 0);
    CU_ASSERT_EQUAL(dense_sampling_misses(ox, dom, p, 200), 0);
    rc_partition_free(q);
    if (exact) {
        rc_partition *pe = enumerate_ok(ox, dom, 1), *qe = enumerate_ok(nn, dom, 1);

        CU_ASSERT_EQUAL(partition_diff(pe, qe, 0), 0);
        CU_ASSERT_EQUAL(partition_diff(pe, p, 1e-6), 0);
        rc_partition_free(pe);
        rc_partition_free(qe);
    }
    rc_partition_free(p);
}

static void
test_acas(void)
{
    static const char *const fix_prop[5] = {NULL, NULL, "0", "0.475", "-0.475"};
    static const char *const fix_wide[5] = {"-0.2", "0", NULL, NULL, "-0.45"};
    char onnx[4096], vnnlib[4096], path[64];
    rc_net *ox, *nn;
    rc_domain *dom;
    rc_error err;
    mpq_t lo[5], hi[5];
    size_t i, ignored = 0;
    FILE *f;

    snprintf(onnx, sizeof onnx, "%s", shared_path("onnx/ACASXU_run2a_1_2_batch_2000.onnx"));
    snprintf(vnnlib, sizeof vnnlib, "%s", shared_path("onnx/prop_2.vnnlib"));
    if (!file_exists(onnx) || !file_exists(vnnlib)) {
        printf("\n  SKIP: %s not found\n", onnx);
        return;
    }
    ox = load_ok(onnx);
    CU_ASSERT_EQUAL(rc_net_num_neurons(ox), 300);
    CU_ASSERT_EQUAL(rc_net_num_params(ox), 13305);
    for (i = 0; i < 5; i++) {
        mpq_init(lo[i]);
        mpq_init(hi[i]);
    }
    f = fopen(vnnlib, "r");
    CU_ASSERT_EQUAL_FATAL(rc_vnnlib_read_box(lo, hi, &ignored, 5, f, vnnlib, &err), RC_OK);
    fclose(f);
    CU_ASSERT_EQUAL(ignored, 4);
    /* The NNet copy, with the property's box as its min/max lines. */
    CU_ASSERT_EQUAL(rc_net_set_input_bounds_q(ox, (const mpq_t *)lo, (const mpq_t *)hi, &err), RC_OK);
    temp_name(path, sizeof path, "nnet");
    CU_ASSERT_EQUAL_FATAL(rc_net_write_nnet(ox, path, &err), RC_OK);
    nn = load_ok(path);
    unlink(path);
    CU_ASSERT(same_exact_net(ox, nn));
    for (i = 0; i < 5; i++)
        CU_ASSERT(mpq_equal(rc_net_input_max_q(nn, i), hi[i]));
    /* Slice of the property's box through X_2 = 0, X_3 = 0.475, X_4 = -0.475 */
    dom = slice(5, (const mpq_t *)lo, (const mpq_t *)hi, fix_prop);
    acas_compare(ox, nn, dom, 1, 323);
    rc_domain_free(dom);
    /* A wider slice of the normalised box: X_2, X_3 free. */
    for (i = 0; i < 5; i++) {
        q_of(lo[i], "-0.5");
        q_of(hi[i], "0.5");
    }
    dom = slice(5, (const mpq_t *)lo, (const mpq_t *)hi, fix_wide);
    acas_compare(ox, nn, dom, getenv("RC_TEST_QUICK") == NULL, 12077);
    rc_domain_free(dom);
    /* The property as a domain. */
    CU_ASSERT_EQUAL(rc_domain_new_from_vnnlib(&dom, ox, vnnlib, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 5);
    CU_ASSERT_DOUBLE_EQUAL(rc_domain_hi(dom, 0), 0.679857769, 1e-15);
    rc_domain_free(dom);
    for (i = 0; i < 5; i++) {
        mpq_clear(lo[i]);
        mpq_clear(hi[i]);
    }
    rc_net_free(nn);
    rc_net_free(ox);
}

/* ---- networks torch wrote, and the conv nets ------------------------------------ */

/* Count the regions of a 2-D slice in float and exact mode (the same
 * patterns), check them by dense sampling; inputs other than free0 and
 * free1 (1-based) fixed to ((7 i) mod 5 - 2) / 4, the box [-b, b]. */
static size_t
count_slice(const char *name, size_t free0, size_t free1, const char *b)
{
    rc_net *net = load_ok(onnx_path(name));
    size_t n = rc_net_num_inputs(net), i, count;
    mpq_t *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
    const char **fix = calloc(n, sizeof *fix);
    static const char *const vals[5] = {"-1/2", "-1/4", "0", "1/4", "1/2"};
    rc_domain *dom;
    rc_partition *pf, *pe;

    CU_ASSERT_FATAL(lo && hi && fix);
    for (i = 0; i < n; i++) {
        mpq_init(lo[i]);
        mpq_init(hi[i]);
        q_of(hi[i], b);
        mpq_neg(lo[i], hi[i]);
        if (i + 1 != free0 && i + 1 != free1)
            fix[i] = vals[(7 * (i + 1)) % 5];
    }
    dom = slice(n, (const mpq_t *)lo, (const mpq_t *)hi, fix);
    pf = enumerate_ok(net, dom, 0);
    pe = enumerate_ok(net, dom, 1);
    count = rc_partition_num_regions(pe);
    CU_ASSERT_EQUAL(partition_diff(pe, pf, 1e-9), 0);
    i = dense_sampling_misses(net, dom, pf, 400);
    if (i != 0)
        printf("\n  %s: dense sampling: %zu misses\n", name, i);
    CU_ASSERT_EQUAL(i, 0);
    rc_partition_free(pf);
    rc_partition_free(pe);
    rc_domain_free(dom);
    for (i = 0; i < n; i++) {
        mpq_clear(lo[i]);
        mpq_clear(hi[i]);
    }
    free(lo);
    free(hi);
    free(fix);
    rc_net_free(net);
    return count;
}

static void
test_torch_and_conv(void)
{
    /* Counts found by exact mode when the files were made, and checked by
     * the float enumeration and dense sampling above. */
    CU_ASSERT_EQUAL(count_slice("torch_mlp.onnx", 1, 2, "1"), 44);
    CU_ASSERT_EQUAL(count_slice("torch_mlp.onnx", 1, 2, "2"), 69);
    CU_ASSERT_EQUAL(count_slice("torch_conv.onnx", 15, 22, "1"), 18);
    CU_ASSERT_EQUAL(count_slice("conv_pool.onnx", 13, 14, "2"), 100);
    CU_ASSERT_EQUAL(count_slice("conv_more.onnx", 10, 11, "2"), 6);
    CU_ASSERT_EQUAL(count_slice("old_exporter.onnx", 1, 2, "2"), count_slice("old_exporter.onnx", 1, 2, "2"));
}

int
main(void)
{
    static const test_case tests[] = {
        {"NNet -> float64 ONNX (make_onnx.py): same regions, exact maps", test_roundtrip_generator},
        {"writers: NNet and ONNX out, read back exactly", test_writers},
        {"ACAS Xu 1_2 (VNN-COMP ONNX, VNN-LIB box) = its NNet conversion", test_acas},
        {"torch exports and conv nets: exact counts, dense sampling", test_torch_and_conv},
    };

    return test_run_suite("onnx_enum", tests, sizeof tests / sizeof tests[0]);
}
