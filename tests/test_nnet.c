/* test_nnet.c -- the NNet reader: good files parse to the values written in
 * them, and every malformed file is refused with a status and a message
 * "file:line: reason" naming the right line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/net.h"
#include "relucells/io.h"
#include "testutil.h"

/* tests/data/tiny.nnet as text, for the stream tests. */
static const char tiny_text[] =
    "2,2,1,2,\n"
    "2,2,1,\n"
    "0,\n"
    "-1.0,0.0,\n"
    "3.0,10.0,\n"
    "1.0,5.0,10.0,\n"
    "2.0,5.0,4.0,\n"
    "1.5,-0.5,\n"
    "0.25,2.0,\n"
    "0.125,\n"
    "-0.75,\n"
    "2.0,-3.0,\n"
    "0.5,\n";

/* Every value of tiny.nnet, which was written with numbers exact in binary
 * so that equality is the right comparison. */
static void
check_tiny(const rc_net *net)
{
    static const double w1[4] = { 1.5, -0.5, 0.25, 2.0 };
    static const double b1[2] = { 0.125, -0.75 };
    static const double w2[2] = { 2.0, -3.0 };
    const double *w, *b;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    CU_ASSERT_EQUAL(rc_net_num_layers(net), 2);
    CU_ASSERT_EQUAL(rc_net_num_hidden(net), 1);
    CU_ASSERT_EQUAL(rc_net_num_inputs(net), 2);
    CU_ASSERT_EQUAL(rc_net_num_outputs(net), 1);
    CU_ASSERT_EQUAL(rc_net_layer_size(net, 0), 2);
    CU_ASSERT_EQUAL(rc_net_layer_size(net, 1), 1);
    CU_ASSERT_EQUAL(rc_net_num_params(net), 2 * 3 + 1 * 3);
    CU_ASSERT_EQUAL(rc_net_num_neurons(net), 2);

    CU_ASSERT_EQUAL(rc_net_input_min(net)[0], -1.0);
    CU_ASSERT_EQUAL(rc_net_input_min(net)[1], 0.0);
    CU_ASSERT_EQUAL(rc_net_input_max(net)[0], 3.0);
    CU_ASSERT_EQUAL(rc_net_input_max(net)[1], 10.0);
    CU_ASSERT_EQUAL(rc_net_input_mean(net)[0], 1.0);
    CU_ASSERT_EQUAL(rc_net_input_mean(net)[1], 5.0);
    CU_ASSERT_EQUAL(rc_net_output_mean(net), 10.0);
    CU_ASSERT_EQUAL(rc_net_input_range(net)[0], 2.0);
    CU_ASSERT_EQUAL(rc_net_input_range(net)[1], 5.0);
    CU_ASSERT_EQUAL(rc_net_output_range(net), 4.0);

    w = rc_net_weights(net, 0);
    b = rc_net_biases(net, 0);
    for (i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(w[i], w1[i]);
    for (i = 0; i < 2; i++)
        CU_ASSERT_EQUAL(b[i], b1[i]);
    w = rc_net_weights(net, 1);
    b = rc_net_biases(net, 1);
    for (i = 0; i < 2; i++)
        CU_ASSERT_EQUAL(w[i], w2[i]);
    CU_ASSERT_EQUAL(b[0], 0.5);
}

static void
test_tiny(void)
{
    rc_net *net = NULL;
    rc_error err = { RC_OK, "" };
    rc_status st = rc_net_load_nnet(&net, test_data_path("tiny.nnet"), &err);

    CU_ASSERT_EQUAL(st, RC_OK);
    CU_ASSERT_STRING_EQUAL(err.msg, "");
    check_tiny(net);
    rc_net_free(net);
}

/* The weights are applied in normalised coordinates and the output scaled
 * back, as the NNet format means them.  By hand: at x = (3, 10), x_n = (1, 1),
 * hidden (1.125, 1.5), both active, output 2*1.125 - 3*1.5 + 0.5 = -1.75,
 * y = -1.75*4 + 10 = 3; at x = (-1, 0), x_n = (-1, -1), both inactive,
 * y = 0.5*4 + 10 = 12. */
static void
test_tiny_semantics(void)
{
    static const double x1[2] = { 3.0, 10.0 }, x2[2] = { -1.0, 0.0 };
    rc_net *net = NULL;
    unsigned char pat[2] = { 9, 9 };
    double y = 0.0;

    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&net, test_data_path("tiny.nnet"),
                                           NULL), RC_OK);
    CU_ASSERT_EQUAL(rc_net_eval(net, &y, pat, x1), RC_OK);
    CU_ASSERT_EQUAL(y, 3.0);
    CU_ASSERT(pat[0] == 1 && pat[1] == 1);
    CU_ASSERT_EQUAL(rc_net_eval(net, &y, pat, x2), RC_OK);
    CU_ASSERT_EQUAL(y, 12.0);
    CU_ASSERT(pat[0] == 0 && pat[1] == 0);
    rc_net_free(net);
}

/* CRLF, a byte order mark, blank and indented comment lines before the
 * header, blanks around fields, missing trailing commas, signs and exponent
 * forms, trailing blank lines: the same network as tiny.nnet. */
static void
test_variants(void)
{
    rc_net *net = NULL;
    rc_error err = { RC_OK, "" };
    rc_status st = rc_net_load_nnet(&net, test_data_path("tiny_variants.nnet"),
                                    &err);

    CU_ASSERT_EQUAL(st, RC_OK);
    if (st != RC_OK)
        printf("\n  %s\n", err.msg);
    check_tiny(net);
    rc_net_free(net);
}

/* The stream interface, and a last line without its newline. */
static void
test_stream_no_final_newline(void)
{
    char text[sizeof tiny_text];
    rc_net *net = NULL;
    FILE *in;

    strcpy(text, tiny_text);
    text[strlen(text) - 1] = '\0';
    in = fmemopen(text, strlen(text), "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CU_ASSERT_EQUAL(rc_net_read_nnet(&net, in, "mem", NULL), RC_OK);
    check_tiny(net);
    rc_net_free(net);
    fclose(in);
}

/* A value below the smallest double reads as (nearly) zero, not an error. */
static void
test_underflow_accepted(void)
{
    char text[sizeof tiny_text + 16];
    rc_net *net = NULL;
    FILE *in;
    char *p;

    strcpy(text, tiny_text);
    p = text + strlen(text) - strlen("0.5,\n");   /* the last bias */
    CU_ASSERT_STRING_EQUAL_FATAL(p, "0.5,\n");
    strcpy(p, "1e-400,\n");
    in = fmemopen(text, strlen(text), "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CU_ASSERT_EQUAL(rc_net_read_nnet(&net, in, "mem", NULL), RC_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    CU_ASSERT(rc_net_biases(net, 1)[0] >= 0.0
              && rc_net_biases(net, 1)[0] < 1e-300);
    rc_net_free(net);
    fclose(in);
}

/* ACAS Xu network 1_1 from ../shared: 5 inputs, 6 hidden layers of 50, 5
 * outputs; 5*50+50 + 5*(50*50+50) + 50*5+5 = 300 + 12750 + 255 = 13305
 * parameters.  The expected values are copied from the file by hand. */
static void
test_acasxu(void)
{
    static const char *const nets[6] = {
        "1_1", "1_9", "2_1", "3_3", "4_5", "5_9"
    };
    const char *top = getenv("top_srcdir");
    char path[4096];
    rc_net *net = NULL;
    rc_error err = { RC_OK, "" };
    FILE *probe;
    size_t l, k;

    snprintf(path, sizeof path,
             "%s/../shared/data/acasxu/ACASXU_run2a_1_1_batch_2000.nnet",
             top ? top : ".");
    probe = fopen(path, "r");
    if (probe == NULL) {
        printf("\n  note: %s is absent, ACAS Xu test skipped\n", path);
        CU_PASS("ACAS Xu networks absent");
        return;
    }
    fclose(probe);
    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&net, path, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_net_num_layers(net), 7);
    CU_ASSERT_EQUAL(rc_net_num_hidden(net), 6);
    CU_ASSERT_EQUAL(rc_net_num_inputs(net), 5);
    CU_ASSERT_EQUAL(rc_net_num_outputs(net), 5);
    for (l = 0; l < 6; l++)
        CU_ASSERT_EQUAL(rc_net_layer_size(net, l), 50);
    CU_ASSERT_EQUAL(rc_net_layer_size(net, 6), 5);
    CU_ASSERT_EQUAL(rc_net_num_params(net), 13305);
    CU_ASSERT_EQUAL(rc_net_num_neurons(net), 300);
    /* line 7: minimums, line 8: maximums, line 9: means, line 10: ranges */
    CU_ASSERT_EQUAL(rc_net_input_min(net)[0], 0.0);
    CU_ASSERT_EQUAL(rc_net_input_min(net)[1], -3.141593);
    CU_ASSERT_EQUAL(rc_net_input_max(net)[0], 60760.0);
    CU_ASSERT_EQUAL(rc_net_input_max(net)[4], 1200.0);
    CU_ASSERT_EQUAL(rc_net_input_mean(net)[0], 1.9791091e+04);
    CU_ASSERT_EQUAL(rc_net_input_mean(net)[4], 600.0);
    CU_ASSERT_EQUAL(rc_net_output_mean(net), 7.5188840201005975);
    CU_ASSERT_EQUAL(rc_net_input_range(net)[0], 60261.0);
    CU_ASSERT_EQUAL(rc_net_input_range(net)[1], 6.28318530718);
    CU_ASSERT_EQUAL(rc_net_output_range(net), 373.94992);
    /* line 11: first weight row; line 61: first bias; line 620: last bias */
    CU_ASSERT_EQUAL(rc_net_weights(net, 0)[0], 5.40062e-02);
    CU_ASSERT_EQUAL(rc_net_weights(net, 0)[1], -2.61092e+00);
    CU_ASSERT_EQUAL(rc_net_weights(net, 0)[5], -1.12374e+00);
    CU_ASSERT_EQUAL(rc_net_biases(net, 0)[0], 2.27630e-01);
    CU_ASSERT_EQUAL(rc_net_biases(net, 6)[4], -1.48281e-02);
    rc_net_free(net);

    /* The other five networks have the same shape. */
    for (k = 1; k < 6; k++) {
        snprintf(path, sizeof path,
                 "%s/../shared/data/acasxu/ACASXU_run2a_%s_batch_2000.nnet",
                 top ? top : ".", nets[k]);
        CU_ASSERT_EQUAL(rc_net_load_nnet(&net, path, &err), RC_OK);
        if (net != NULL)
            CU_ASSERT_EQUAL(rc_net_num_params(net), 13305);
        rc_net_free(net);
    }
}

/* "-" reads standard input and names it <stdin> in messages. */
static void
test_stdin(void)
{
    rc_net *net = NULL;
    rc_error err = { RC_OK, "" };

    CU_ASSERT_PTR_NOT_NULL_FATAL(freopen(test_data_path("tiny.nnet"), "r",
                                         stdin));
    CU_ASSERT_EQUAL(rc_net_load_nnet(&net, "-", &err), RC_OK);
    check_tiny(net);
    rc_net_free(net);

    CU_ASSERT_PTR_NOT_NULL_FATAL(freopen(test_data_path("bad/short_row.nnet"),
                                         "r", stdin));
    CU_ASSERT_EQUAL(rc_net_load_nnet(&net, "-", &err), RC_ERR_PARSE);
    CU_ASSERT_PTR_NULL(net);
    CU_ASSERT_STRING_EQUAL(err.msg, "<stdin>:10: expected 2 weights "
                           "(layer 1, neuron 2), found 1");
}

/* An rc_error on the heap (for bindings) is filled like one on the stack. */
static void
test_heap_error(void)
{
    rc_error *err = rc_error_new();
    rc_net *net = NULL;
    char want[4200];

    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_EQUAL(rc_error_status(err), RC_OK);
    CU_ASSERT_STRING_EQUAL(rc_error_message(err), "");
    CU_ASSERT_EQUAL(rc_net_load_nnet(&net, test_data_path("bad/short_row.nnet"),
                                     err), RC_ERR_PARSE);
    CU_ASSERT_PTR_NULL(net);
    CU_ASSERT_EQUAL(rc_error_status(err), RC_ERR_PARSE);
    snprintf(want, sizeof want, "%s:10: expected 2 weights (layer 1, neuron 2), "
             "found 1", test_data_path("bad/short_row.nnet"));
    CU_ASSERT_STRING_EQUAL(rc_error_message(err), want);
    rc_error_free(err);
    rc_error_free(NULL);
}

/* --- Malformed input ---------------------------------------------------- */

/* Load tests/data/<file>; expect status, no network, and a message that
 * starts "<path>:<line>: " (or "<path>: " for line 0) and contains reason. */
static void
check_bad(const char *file, rc_status status, unsigned line,
          const char *reason)
{
    char path[4096], prefix[4200];
    rc_net *net = (rc_net *)&net;   /* not NULL: the reader must clear it */
    rc_error err = { RC_OK, "" };
    rc_status st;

    snprintf(path, sizeof path, "%s", test_data_path(file));
    if (line != 0)
        snprintf(prefix, sizeof prefix, "%s:%u: ", path, line);
    else
        snprintf(prefix, sizeof prefix, "%s: ", path);
    st = rc_net_load_nnet(&net, path, &err);
    CU_ASSERT_EQUAL(st, status);
    CU_ASSERT_EQUAL(err.status, status);
    CU_ASSERT_PTR_NULL(net);
    CU_ASSERT_EQUAL(strncmp(err.msg, prefix, strlen(prefix)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, reason));
    CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
    if (st != status || strncmp(err.msg, prefix, strlen(prefix)) != 0
        || strstr(err.msg, reason) == NULL)
        printf("\n  got: %s\n  want: %s...%s\n", err.msg, prefix, reason);
    /* Without an rc_error the status is the same. */
    CU_ASSERT_EQUAL(rc_net_load_nnet(&net, path, NULL), status);
    rc_net_free(net);
}

#define BAD(fn, file, status, line, reason) \
    static void fn(void) { check_bad(file, status, line, reason); }

BAD(test_missing, "bad/no_such_file.nnet", RC_ERR_IO, 0, "cannot open: ")
BAD(test_empty, "bad/empty.nnet", RC_ERR_PARSE, 0, "empty file")
BAD(test_comments_only, "bad/comments_only.nnet", RC_ERR_PARSE, 3,
    "unexpected end of file, expected the header line")
BAD(test_header_count, "bad/header_count.nnet", RC_ERR_PARSE, 2,
    "expected 4 header values numLayers,inputSize,outputSize,maxLayerSize, "
    "found 3")
BAD(test_zero_size, "bad/zero_size.nnet", RC_ERR_PARSE, 2,
    "inputSize must be at least 1, found 0")
BAD(test_huge_integer, "bad/huge_integer.nnet", RC_ERR_NOMEM, 2,
    "field 2: \"99999999999999999999\" is out of range")
BAD(test_numlayers, "bad/numlayers.nnet", RC_ERR_PARSE, 3,
    "expected 4 layer sizes (numLayers + 1), found 3")
BAD(test_negative_size, "bad/negative_size.nnet", RC_ERR_PARSE, 3,
    "field 2: layer size must be at least 1, found -2")
BAD(test_inputsize, "bad/inputsize.nnet", RC_ERR_PARSE, 3,
    "first layer size 2 disagrees with inputSize 3 on line 2")
BAD(test_outputsize, "bad/outputsize.nnet", RC_ERR_PARSE, 3,
    "last layer size 1 disagrees with outputSize 2 on line 2")
BAD(test_maxsize, "bad/maxsize.nnet", RC_ERR_PARSE, 3,
    "largest layer size 2 disagrees with maxLayerSize 5 on line 2")
BAD(test_huge_size, "bad/huge_size.nnet", RC_ERR_NOMEM, 3,
    "layer size 2000000 is out of range")
BAD(test_huge_params, "bad/huge_params.nnet", RC_ERR_NOMEM, 3,
    "more than 268435456 parameters")
BAD(test_truncated_header, "bad/truncated_header.nnet", RC_ERR_PARSE, 4,
    "unexpected end of file, expected 1 flag value")
BAD(test_bad_flag, "bad/bad_flag.nnet", RC_ERR_PARSE, 4,
    "field 1: \"0.5\" is not an integer")
BAD(test_hex, "bad/hex.nnet", RC_ERR_PARSE, 5,
    "field 1: \"0x1p0\" is not a number")
BAD(test_inf, "bad/inf.nnet", RC_ERR_PARSE, 6,
    "field 2: \"-Inf\" is not a finite number")
BAD(test_min_gt_max, "bad/min_gt_max.nnet", RC_ERR_PARSE, 6,
    "input x2: minimum 11 exceeds maximum 10")
BAD(test_short_means, "bad/short_means.nnet", RC_ERR_PARSE, 7,
    "expected 3 means (inputs, then output), found 2")
BAD(test_zero_range, "bad/zero_range.nnet", RC_ERR_PARSE, 8,
    "input x2: range is zero")
BAD(test_zero_out_range, "bad/zero_out_range.nnet", RC_ERR_PARSE, 8,
    "output range is zero")
BAD(test_empty_field, "bad/empty_field.nnet", RC_ERR_PARSE, 9,
    "field 2 is empty")
BAD(test_nonnumeric, "bad/nonnumeric.nnet", RC_ERR_PARSE, 10,
    "field 2: \"abc\" is not a number")
BAD(test_short_row, "bad/short_row.nnet", RC_ERR_PARSE, 10,
    "expected 2 weights (layer 1, neuron 2), found 1")
BAD(test_blank_line, "bad/blank_line.nnet", RC_ERR_PARSE, 10,
    "expected 2 weights (layer 1, neuron 2), found 0")
BAD(test_nan, "bad/nan.nnet", RC_ERR_PARSE, 11,
    "field 1: \"nan\" is not a finite number")
BAD(test_overflow, "bad/overflow.nnet", RC_ERR_PARSE, 13,
    "field 2: \"1e999\" is out of range")
BAD(test_long_bias, "bad/long_bias.nnet", RC_ERR_PARSE, 14,
    "expected 1 bias (layer 2, neuron 1), found 2")
BAD(test_truncated, "bad/truncated.nnet", RC_ERR_PARSE, 14,
    "unexpected end of file, expected 1 bias (layer 2, neuron 1)")
BAD(test_trailing, "bad/trailing.nnet", RC_ERR_PARSE, 16,
    "trailing data after the last bias")

/* A NUL byte would hide the rest of its line from the C string functions. */
static void
test_nul_byte(void)
{
    char text[sizeof tiny_text];
    rc_net *net = NULL;
    rc_error err = { RC_OK, "" };
    FILE *in;

    memcpy(text, tiny_text, sizeof text);
    text[strstr(text, "0.25") - text + 4] = '\0';   /* line 9: "0.25\0..." */
    in = fmemopen(text, sizeof text - 1, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CU_ASSERT_EQUAL(rc_net_read_nnet(&net, in, "mem", &err), RC_ERR_PARSE);
    CU_ASSERT_PTR_NULL(net);
    CU_ASSERT_STRING_EQUAL(err.msg, "mem:9: NUL byte in line");
    fclose(in);
}

int
main(void)
{
    static const struct { const char *name; CU_TestFunc fn; } tests[] = {
        { "tiny.nnet: every value", test_tiny },
        { "tiny.nnet: evaluation in raw coordinates", test_tiny_semantics },
        { "accepted spelling variants", test_variants },
        { "stream without final newline", test_stream_no_final_newline },
        { "underflow reads as zero", test_underflow_accepted },
        { "ACAS Xu networks", test_acasxu },
        { "\"-\" is standard input", test_stdin },
        { "rc_error_new: a heap error, filled the same", test_heap_error },
        { "missing file", test_missing },
        { "empty file", test_empty },
        { "only comments", test_comments_only },
        { "header with 3 values", test_header_count },
        { "zero size", test_zero_size },
        { "size beyond long", test_huge_integer },
        { "numLayers disagrees", test_numlayers },
        { "negative layer size", test_negative_size },
        { "inputSize disagrees", test_inputsize },
        { "outputSize disagrees", test_outputsize },
        { "maxLayerSize disagrees", test_maxsize },
        { "layer too wide", test_huge_size },
        { "too many parameters", test_huge_params },
        { "end after the sizes", test_truncated_header },
        { "non-integer flag", test_bad_flag },
        { "hexadecimal float", test_hex },
        { "Inf", test_inf },
        { "min > max", test_min_gt_max },
        { "output mean missing", test_short_means },
        { "zero input range", test_zero_range },
        { "zero output range", test_zero_out_range },
        { "empty field", test_empty_field },
        { "non-numeric weight", test_nonnumeric },
        { "short weight row", test_short_row },
        { "blank line in the body", test_blank_line },
        { "NaN", test_nan },
        { "double overflow", test_overflow },
        { "two values on a bias line", test_long_bias },
        { "last bias missing", test_truncated },
        { "trailing data", test_trailing },
        { "NUL byte", test_nul_byte },
    };
    CU_pSuite suite;
    size_t i;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    suite = CU_add_suite("nnet", NULL, NULL);
    if (suite == NULL)
        return 2;
    for (i = 0; i < sizeof tests / sizeof tests[0]; i++)
        if (CU_add_test(suite, tests[i].name, tests[i].fn) == NULL)
            return 2;
    return test_run_all();
}
