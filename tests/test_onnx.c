/* test_onnx.c -- the ONNX reader: folded weights equal to the values worked
 * out by hand, exact outputs equal to a direct evaluation of each graph
 * (tests/data/onnx/expected.txt, made by make_onnx.py with Python
 * fractions), every refused file refused with its one-line message, and
 * random corruptions of good files never crash. */
#include "onnx_helpers.h"

/* ---- folded values ----------------------------------------------------------- */

static void
test_old_exporter(void)
{
    rc_net *net = load_ok(onnx_path("old_exporter.onnx"));

    CU_ASSERT_EQUAL(rc_net_num_layers(net), 2);
    CU_ASSERT_EQUAL(rc_net_num_inputs(net), 2);
    CU_ASSERT_EQUAL(rc_net_layer_size(net, 0), 3);
    /* W = W1^T, b = b1 - W1^T mean with mean (0.5, -0.25) */
    CU_ASSERT(weight_is(net, 0, 0, 0, "1") && weight_is(net, 0, 0, 1, "0.25"));
    CU_ASSERT(weight_is(net, 0, 1, 0, "-2") && weight_is(net, 0, 1, 1, "1"));
    CU_ASSERT(weight_is(net, 0, 2, 0, "0.5") && weight_is(net, 0, 2, 1, "-1"));
    CU_ASSERT(bias_is(net, 0, 0, "-0.4375") && bias_is(net, 0, 1, "1.75")
              && bias_is(net, 0, 2, "-0.625"));
    CU_ASSERT(weight_is(net, 1, 0, 0, "1") && weight_is(net, 1, 0, 1, "-1")
              && weight_is(net, 1, 0, 2, "2") && bias_is(net, 1, 0, "0.375"));
    CU_ASSERT_FALSE(rc_net_has_input_bounds(net));
    CU_ASSERT_PTR_NOT_NULL_FATAL(rc_net_source_info(net));
    CU_ASSERT_PTR_NOT_NULL(strstr(rc_net_source_info(net), "opset 8"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rc_net_source_info(net), "input: 'input' [1x1x1x2]"));
    /* No normalisation: the input is the raw input. */
    CU_ASSERT(rc_net_input_mean(net)[0] == 0.0 && rc_net_input_range(net)[1] == 1.0);
    rc_net_free(net);
}

static void
test_gemm(void)
{
    rc_net *net = load_ok(onnx_path("gemm.onnx"));

    /* alpha 0.5 on B1 (transB), beta 2 on C1; then beta -1 on C2. */
    CU_ASSERT(weight_is(net, 0, 0, 0, "0.5") && weight_is(net, 0, 0, 1, "1"));
    CU_ASSERT(weight_is(net, 0, 2, 0, "2.5") && weight_is(net, 0, 2, 1, "3"));
    CU_ASSERT(bias_is(net, 0, 0, "2") && bias_is(net, 0, 1, "-2") && bias_is(net, 0, 2, "1"));
    CU_ASSERT(weight_is(net, 1, 0, 0, "1") && weight_is(net, 1, 0, 1, "0.5")
              && weight_is(net, 1, 0, 2, "-0.25") && bias_is(net, 1, 0, "-0.75"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rc_net_source_info(net), "Constant 1"));
    rc_net_free(net);
}

static void
test_final_relu(void)
{
    rc_net *net = load_ok(onnx_path("final_relu.onnx"));

    /* Two hidden layers and an identity output layer. */
    CU_ASSERT_EQUAL_FATAL(rc_net_num_layers(net), 3);
    CU_ASSERT_EQUAL(rc_net_num_outputs(net), 2);
    /* MatMul x W: row i of the layer is column i of W. */
    CU_ASSERT(weight_is(net, 0, 0, 1, "0.5") && weight_is(net, 0, 1, 0, "-1"));
    CU_ASSERT(weight_is(net, 2, 0, 0, "1") && weight_is(net, 2, 0, 1, "0")
              && weight_is(net, 2, 1, 0, "0") && weight_is(net, 2, 1, 1, "1"));
    CU_ASSERT(bias_is(net, 2, 0, "0") && bias_is(net, 2, 1, "0"));
    rc_net_free(net);
}

static void
test_batchnorm(void)
{
    rc_net *net = load_ok(onnx_path("batchnorm.onnx"));
    double f0, f1;

    /* var + eps = 4 and 0.25: factors 1.5/2 = 3/4 and 5/0.5 = 10, offsets
     * B - f mean = 1 - 3/8 and -1 - 5/2; layer 1 = f (W x + C) + g. */
    CU_ASSERT(weight_is(net, 0, 0, 0, "3/4") && weight_is(net, 0, 0, 1, "-3/4"));
    CU_ASSERT(weight_is(net, 0, 1, 0, "5") && weight_is(net, 0, 1, 1, "2.5"));
    CU_ASSERT(bias_is(net, 0, 0, "1") && bias_is(net, 0, 1, "-13.5"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rc_net_source_info(net), "2 exact, 0 rounded"));
    rc_net_free(net);
    /* Irrational factors: the double of scale / sqrt(var + eps). */
    net = load_ok(onnx_path("batchnorm_rounded.onnx"));
    f0 = 1.5 / sqrt(1.0 + (double)1e-5f);
    f1 = 5.0 / sqrt(2.0 + (double)1e-5f);
    CU_ASSERT_DOUBLE_EQUAL(rc_net_weights(net, 0)[0], f0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_net_weights(net, 0)[2], 0.5 * f1, 1e-15);
    CU_ASSERT_PTR_NOT_NULL(strstr(rc_net_source_info(net), "0 exact, 2 rounded"));
    rc_net_free(net);
}

static void
test_float16_and_div(void)
{
    rc_net *net = load_ok(onnx_path("float16.onnx"));

    /* float16 (raw and int32_data) of 1/3 and 0.1, read exactly. */
    CU_ASSERT(weight_is(net, 0, 0, 0, "0.333251953125") && weight_is(net, 0, 0, 1, "0.0999755859375"));
    CU_ASSERT(bias_is(net, 0, 0, "0.0999755859375") && bias_is(net, 0, 1, "-0.333251953125"));
    rc_net_free(net);
    /* (x - m) / d with d = (4, 3): the weights divided by 3 exactly. */
    net = load_ok(onnx_path("div.onnx"));
    CU_ASSERT(weight_is(net, 0, 0, 0, "1/4") && weight_is(net, 0, 0, 1, "1/3"));
    CU_ASSERT(weight_is(net, 0, 1, 0, "1/2") && weight_is(net, 0, 1, 1, "-2"));
    /* b - W m / d = 0 - (0.5/4 + 1/3) and 1 - (2*0.5/4 - 6/3) */
    CU_ASSERT(bias_is(net, 0, 0, "-11/24") && bias_is(net, 0, 1, "11/4"));
    rc_net_free(net);
}

static void
test_reshape_transpose(void)
{
    rc_net *net = load_ok(onnx_path("reshape.onnx")), *ref;

    /* Input [1,1,2,2] transposed on the last two axes, then flattened:
     * the values this moves are checked by test_expected_outputs. */
    CU_ASSERT_EQUAL_FATAL(rc_net_num_inputs(net), 4);
    CU_ASSERT_EQUAL(rc_net_num_layers(net), 2);
    CU_ASSERT_EQUAL(rc_net_layer_size(net, 0), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(rc_net_source_info(net), "Transpose 1"));
    ref = load_ok(onnx_path("opset21.onnx"));
    CU_ASSERT_EQUAL(rc_net_num_layers(ref), 2);
    rc_net_free(ref);
    rc_net_free(net);
}

/* ---- exact outputs against the direct evaluation ----------------------------- */

/* The next line of f that is not a comment, split at blanks into tok
 * (at most max); the number of tokens, 0 at the end of the file. */
static size_t
next_tokens(FILE *f, char *line, size_t size, char **tok, size_t max)
{
    size_t n = 0;
    char *save, *t;

    do {
        if (fgets(line, (int)size, f) == NULL)
            return 0;
    } while (line[0] == '#');
    for (t = strtok_r(line, " \n", &save); t != NULL && n < max;
         t = strtok_r(NULL, " \n", &save))
        tok[n++] = t;
    return n;
}

/* The values of an "x ..." or "y ..." line into a new array. */
static mpq_t *
values(char **tok, size_t n, const char *key)
{
    mpq_t *v = malloc(n * sizeof *v);
    size_t i;

    CU_ASSERT_FATAL(v != NULL && n >= 2 && strcmp(tok[0], key) == 0);
    for (i = 1; i < n; i++) {
        mpq_init(v[i - 1]);
        q_of(v[i - 1], tok[i]);
    }
    return v;
}

static void
test_expected_outputs(void)
{
    static char line[1 << 16];
    static char *tok[4096];
    FILE *f = fopen(onnx_path("expected.txt"), "r");
    size_t points = 0, conv = 0, n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    while ((n = next_tokens(f, line, sizeof line, tok, 4096)) > 0) {
        mpq_t *x, *y, *got;
        size_t nx, ny, i;
        rc_net *net;
        double *xd, *yd;
        char name[200];

        CU_ASSERT_FATAL(n == 2 && strcmp(tok[0], "net") == 0);
        snprintf(name, sizeof name, "%s", tok[1]);
        nx = next_tokens(f, line, sizeof line, tok, 4096) - 1;
        x = values(tok, nx + 1, "x");
        ny = next_tokens(f, line, sizeof line, tok, 4096) - 1;
        y = values(tok, ny + 1, "y");
        net = load_ok(onnx_path(name));
        CU_ASSERT_EQUAL_FATAL(nx, rc_net_num_inputs(net));
        CU_ASSERT_EQUAL_FATAL(ny, rc_net_num_outputs(net));
        got = malloc(ny * sizeof *got);
        xd = malloc(nx * sizeof *xd);
        yd = malloc(ny * sizeof *yd);
        for (i = 0; i < ny; i++)
            mpq_init(got[i]);
        exact_forward(got, net, (const mpq_t *)x);
        for (i = 0; i < nx; i++)
            xd[i] = mpq_get_d(x[i]);
        CU_ASSERT_EQUAL(rc_net_eval(net, yd, NULL, xd), RC_OK);
        for (i = 0; i < ny; i++) {
            if (!mpq_equal(got[i], y[i]))
                gmp_printf("\n  %s: output %zu is %Qd, the graph gives %Qd\n", name, i,
                           got[i], y[i]);
            CU_ASSERT(mpq_equal(got[i], y[i]));
            CU_ASSERT_DOUBLE_EQUAL(yd[i], mpq_get_d(y[i]), 1e-9 * (1 + fabs(yd[i])));
        }
        conv += strstr(name, "conv") != NULL;
        points++;
        for (i = 0; i < ny; i++) {
            mpq_clear(got[i]);
            mpq_clear(y[i]);
        }
        for (i = 0; i < nx; i++)
            mpq_clear(x[i]);
        free(got);
        free(x);
        free(y);
        free(xd);
        free(yd);
        rc_net_free(net);
    }
    fclose(f);
    CU_ASSERT(points >= 40);
    CU_ASSERT(conv >= 12);   /* conv_pool, conv_more, torch_conv */
}

/* ---- refused files -------------------------------------------------------------- */

static void
test_refused(void)
{
    FILE *f = fopen(onnx_path("bad/expected.txt"), "r");
    char line[1024];
    size_t count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    while (fgets(line, sizeof line, f) != NULL) {
        char *tab = strchr(line, '\t'), *nl = strchr(line, '\n'), path[4096];
        rc_net *net = (rc_net *)1;
        rc_error err = {RC_OK, ""};
        rc_status st;

        if (line[0] == '#' || tab == NULL)
            continue;
        *tab = '\0';
        if (nl != NULL)
            *nl = '\0';
        snprintf(path, sizeof path, "%s", onnx_path("bad/"));
        strncat(path, line, sizeof path - strlen(path) - 1);
        st = rc_net_load(&net, path, RC_NET_AUTO, &err);
        CU_ASSERT_PTR_NULL(net);
        CU_ASSERT_EQUAL(st, RC_ERR_PARSE);
        if (strstr(err.msg, tab + 1) == NULL || strncmp(err.msg, path, strlen(path)) != 0)
            printf("\n  %s: '%s', expected '%s'\n", line, err.msg, tab + 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, tab + 1));
        CU_ASSERT_EQUAL(strncmp(err.msg, path, strlen(path)), 0);
        CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
        count++;
    }
    fclose(f);
    CU_ASSERT(count >= 25);
}

/* Random corruptions of good files: flipped bytes, truncations and
 * insertions give a network or an error, never a crash (valgrind and the
 * sanitizers watch the rest). */
static void
test_corruptions(void)
{
    static const char *const names[] = {
        "gemm.onnx", "conv_more.onnx", "old_exporter.onnx", "float16.onnx"
    };
    unsigned long state = test_seed();
    size_t k, t, accepted = 0, refused = 0;
    int quick = getenv("RC_TEST_QUICK") != NULL;

    for (k = 0; k < sizeof names / sizeof names[0]; k++) {
        FILE *f = fopen(onnx_path(names[k]), "rb");
        unsigned char data[8192], *copy = malloc(sizeof data + 16);
        size_t len;

        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        len = fread(data, 1, sizeof data, f);
        fclose(f);
        for (t = 0; t < (quick ? 50u : 1500u); t++) {
            size_t n = len, j, flips = test_irand(&state, 1, 4);
            rc_net *net = NULL;
            rc_error err;

            memcpy(copy, data, len);
            for (j = 0; j < flips; j++)
                copy[test_irand(&state, 0, n - 1)] ^= (unsigned char)test_irand(&state, 1, 255);
            if (t % 3 == 1)
                n = test_irand(&state, 0, len);
            if (rc_net_read_onnx(&net, copy, n, "corrupt", &err) == RC_OK) {
                CU_ASSERT(rc_net_num_inputs(net) >= 1);
                accepted++;
                rc_net_free(net);
            } else {
                CU_ASSERT_PTR_NULL(net);
                CU_ASSERT_EQUAL(strncmp(err.msg, "corrupt", 7), 0);
                refused++;
            }
        }
        free(copy);
    }
    CU_ASSERT(refused > 0);
    printf("\n  corruptions: %zu read, %zu refused\n", accepted, refused);
}

/* ---- formats and the missing box ------------------------------------------------ */

static void
test_formats_and_box(void)
{
    rc_net *net = NULL;
    rc_domain *dom = (rc_domain *)1;
    rc_error err;
    mpq_t lo[2], hi[2];

    /* By content, forced, and forced wrongly. */
    net = load_ok(test_data_path("tiny.nnet"));
    CU_ASSERT(rc_net_has_input_bounds(net));
    CU_ASSERT_PTR_NULL(rc_net_source_info(net));
    rc_net_free(net);
    CU_ASSERT_EQUAL(rc_net_load(&net, onnx_path("gemm.onnx"), RC_NET_ONNX, &err), RC_OK);
    rc_net_free(net);
    CU_ASSERT_EQUAL(rc_net_load(&net, onnx_path("gemm.onnx"), RC_NET_NNET, &err), RC_ERR_PARSE);
    CU_ASSERT_EQUAL(rc_net_load(&net, test_data_path("tiny.nnet"), RC_NET_ONNX, &err), RC_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a valid ONNX model"));
    CU_ASSERT_EQUAL(rc_net_load(&net, onnx_path("missing.onnx"), RC_NET_AUTO, &err), RC_ERR_IO);
    /* No box: no default domain, until one is given. */
    net = load_ok(onnx_path("gemm.onnx"));
    CU_ASSERT_EQUAL(rc_domain_new_from_net(&dom, net, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(dom);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no input box"));
    mpq_init(lo[0]);
    mpq_init(lo[1]);
    mpq_init(hi[0]);
    mpq_init(hi[1]);
    q_of(lo[0], "-1/3");
    q_of(lo[1], "-1");
    q_of(hi[0], "2");
    q_of(hi[1], "1");
    CU_ASSERT_EQUAL(rc_net_set_input_bounds_q(net, (const mpq_t *)hi, (const mpq_t *)lo, &err),
                    RC_ERR_ARG);
    CU_ASSERT_FALSE(rc_net_has_input_bounds(net));
    CU_ASSERT_EQUAL(rc_net_set_input_bounds_q(net, (const mpq_t *)lo, (const mpq_t *)hi, &err), RC_OK);
    CU_ASSERT(rc_net_has_input_bounds(net));
    CU_ASSERT(mpq_equal(rc_net_input_min_q(net, 0), lo[0]));
    CU_ASSERT_EQUAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(rc_domain_lo(dom, 0), -1.0 / 3, 1e-16);
    rc_domain_free(dom);
    mpq_clear(lo[0]);
    mpq_clear(lo[1]);
    mpq_clear(hi[0]);
    mpq_clear(hi[1]);
    rc_net_free(net);
}

int
main(void)
{
    static const test_case tests[] = {
        {"old exporter: Sub of a mean, MatMul + Add, folded by hand", test_old_exporter},
        {"Gemm: transB, alpha, beta, Constant", test_gemm},
        {"a final Relu gives an identity output layer", test_final_relu},
        {"BatchNormalization: exact factors, and rounded ones", test_batchnorm},
        {"float16 exactly; Div by 3 exactly", test_float16_and_div},
        {"reshapes and transposes; opset 21", test_reshape_transpose},
        {"exact outputs equal the direct evaluation of the graph", test_expected_outputs},
        {"refused files: one line naming file and node", test_refused},
        {"corrupted files never crash", test_corruptions},
        {"formats by content; no input box", test_formats_and_box},
    };

    return test_run_suite("onnx", tests, sizeof tests / sizeof tests[0]);
}
