/* cmd_draw.c -- 'relucells draw': a picture of the partition of a 2D
 * domain (SVG, PNG or PDF), and the option parsing it shares with
 * 'relucells boundary' (--level K=C). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells draw [OPTIONS] -o FILE.svg|FILE.png|FILE.pdf NET\n"
          "Draw the linear regions of NET on a 2D domain (a network with two inputs,\n"
          "or a slice that fixes all inputs but two): each region a polygon in raw\n"
          "input coordinates, its facets coloured by the layer of the neuron that\n"
          "owns them, thinner for deeper layers.  The SVG has one element per\n"
          "region (id = region number, a tooltip with its pattern and map).\n"
          "\nDomain (default: the box of the NNet minimum and maximum lines):\n"
          "  --box LO,HI | --box L1,H1,...  --unbounded  --fix I=V[,I=V...]\n"
          "  (as for 'relucells enumerate')\n"
          "\nOptions:\n"
          "  -o, --output FILE     the picture; .svg, .png or .pdf chooses the format\n"
          "  --format svg|png|pdf  the format when FILE has another name (or is -)\n"
          "  --size WxH            size in pixels (default 800x640)\n"
          "  --color MODE          region fill (default pattern):\n"
          "      pattern           a stable colour per activation pattern, neighbours\n"
          "                        distinct (with --layers K: per pattern of layers 1..K)\n"
          "      output[:K]        output K (default 1) shaded exactly across each region\n"
          "      argmax, argmin    the winning output (a classifier's decision; ACAS Xu\n"
          "                        advisories are the argmin), regions cut along it\n"
          "      gradient[:K]      |grad yK|; without :K the Jacobian's Frobenius norm\n"
          "      layer             the last layer whose cut shaped the region\n"
          "      volume            log10 of the region's area\n"
          "      white             no fill\n"
          "  --layers K            the partition after the first K hidden layers\n"
          "  --strip               one panel per layer 1..K side by side\n"
          "  --boundary            overlay the decision boundary (where the two leading\n"
          "                        outputs tie; the argmin's with --color argmin)\n"
          "  --level K=C           with --boundary: the level set yK = C instead\n"
          "  --exact               exact arithmetic: exact vertices and boundary ends\n"
          "  --view X0,X1,Y0,Y1    the part of the plane to draw (default: the domain,\n"
          "                        or around all vertices when unbounded)\n"
          "  --input-names A,B,..  names of all the inputs (axes, caption)\n"
          "  --output-names A,B,.. names of the outputs (legend)\n"
          "  --title TEXT          the title (default: the number of regions)\n"
          "  --no-facets, --no-legend\n"
          "  --max-regions N       give up (exit 1) past N regions in a layer\n"
          "  -h, --help            show this help\n"
          "\nExample: the ACAS Xu slice, regions by advisory:\n"
          "  relucells draw --fix 1=30000,2=0,5=600 --color argmin --boundary \\\n"
          "      --output-names COC,WL,WR,SL,SR -o slice.png ACASXU_run2a_1_1_batch_2000.nnet\n", f);
}

/* Split a comma-separated list into *names (owned: free(names[0]) and
 * free(names)); its number of items. */
static size_t
split_names(char ***names, const char *text)
{
    char *copy = strdup(text), *p;
    size_t n = 1, k = 0;

    *names = NULL;
    if (copy == NULL)
        return 0;
    for (p = copy; *p; p++)
        n += *p == ',';
    if ((*names = malloc(n * sizeof **names)) == NULL) {
        free(copy);
        return 0;
    }
    for (p = copy; k < n; k++) {
        char *e = strchr(p, ',');
        (*names)[k] = p;
        if (e != NULL)
            *e = '\0';
        p = e ? e + 1 : p + strlen(p);
    }
    return n;
}

static void
free_names(char **names)
{
    if (names != NULL)
        free(names[0]);
    free(names);
}

int
cli_parse_level(rc_boundary_opts *b, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char *end;
    mpq_t q;
    long k;

    if (eq == NULL) {
        cli_error("--level: '%s' is not of the form K=C (output K, value C)", arg);
        return -1;
    }
    errno = 0;
    k = strtol(arg, &end, 10);
    if (end != eq || errno != 0 || k < 1) {
        cli_error("--level: '%.*s' is not an output number (from 1)", (int)(eq - arg), arg);
        return -1;
    }
    mpq_init(q);
    if (rc_q_set_text(q, eq + 1, strlen(eq + 1)) != 0) {
        mpq_clear(q);
        cli_error("--level: value '%s' is not a number", eq + 1);
        return -1;
    }
    b->kind = RC_BOUNDARY_LEVEL;
    b->output = (size_t)k - 1;
    b->level = rc_q_get_d(q);
    b->level_text = eq + 1;
    mpq_clear(q);
    return 0;
}

/* --color MODE[:K] */
static int
parse_color(rc_draw_opts *o, const char *arg)
{
    static const char *const names[] = {"pattern", "output", "argmax", "argmin",
                                        "gradient", "layer", "volume", "white"};
    size_t i, len = strcspn(arg, ":");

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && strncmp(arg, names[i], len) == 0)
            break;
    if (i == sizeof names / sizeof names[0]) {
        cli_error("--color: unknown mode '%s' (pattern, output[:K], argmax, argmin, "
                  "gradient[:K], layer, volume or white)", arg);
        return -1;
    }
    o->color = (rc_draw_color)i;
    if (o->color == RC_DRAW_GRADIENT)
        o->output = RC_DRAW_ALL_OUTPUTS;
    if (arg[len] == ':') {
        char *end;
        long k;
        errno = 0;
        k = strtol(arg + len + 1, &end, 10);
        if ((o->color != RC_DRAW_OUTPUT && o->color != RC_DRAW_GRADIENT)
            || *end != '\0' || errno != 0 || k < 1) {
            cli_error("--color: '%s': only output and gradient take :K, an output "
                      "number from 1", arg);
            return -1;
        }
        o->output = (size_t)k - 1;
    }
    return 0;
}

static int
parse_size(rc_draw_opts *o, const char *arg)
{
    unsigned w, h;
    char x, extra;

    if (sscanf(arg, "%u%c%u%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X')) {
        cli_error("--size: '%s' is not of the form WxH (e.g. 800x640)", arg);
        return -1;
    }
    o->width = w;
    o->height = h;
    return 0;
}

static int
parse_view(double *v, const char *arg)
{
    char *end;
    const char *p = arg;
    int k;

    for (k = 0; k < 4; k++) {
        errno = 0;
        v[k] = strtod(p, &end);
        if (end == p || errno != 0 || !isfinite(v[k]) || (k < 3 && *end != ',')
            || (k == 3 && *end != '\0')) {
            cli_error("--view: '%s' is not X0,X1,Y0,Y1", arg);
            return -1;
        }
        p = end + 1;
    }
    return 0;
}

int
cmd_draw(int argc, char **argv)
{
    enum { OPT_SIZE = OPT_LOCAL, OPT_COLOR, OPT_LAYERS, OPT_STRIP, OPT_BOUNDARY,
           OPT_LEVEL, OPT_VIEW, OPT_INAMES, OPT_ONAMES, OPT_TITLE, OPT_NOFACETS,
           OPT_NOLEGEND };
    static const struct option longopts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT,
        {"size", required_argument, NULL, OPT_SIZE},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"layers", required_argument, NULL, OPT_LAYERS},
        {"strip", no_argument, NULL, OPT_STRIP},
        {"boundary", no_argument, NULL, OPT_BOUNDARY},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"view", required_argument, NULL, OPT_VIEW},
        {"input-names", required_argument, NULL, OPT_INAMES},
        {"output-names", required_argument, NULL, OPT_ONAMES},
        {"title", required_argument, NULL, OPT_TITLE},
        {"no-facets", no_argument, NULL, OPT_NOFACETS},
        {"no-legend", no_argument, NULL, OPT_NOLEGEND},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"svg", "png", "pdf"};
    cli_common c;
    rc_draw_opts o;
    int opt, rc = EXIT_BAD_INPUT, handled, level = 0;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_draw_format format;
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;
    double view[4];
    char **inames = NULL, **onames = NULL, *end;
    size_t ninames = 0, nonames = 0;
    long k;

    cli_common_init(&c);
    rc_draw_opts_init(&o);
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        switch (opt) {
        case OPT_SIZE:
            if (parse_size(&o, optarg) != 0)
                goto done;
            break;
        case OPT_COLOR:
            if (parse_color(&o, optarg) != 0)
                goto done;
            break;
        case OPT_LAYERS:
            errno = 0;
            k = strtol(optarg, &end, 10);
            if (*end != '\0' || errno != 0 || k < 1) {
                cli_error("--layers: '%s' is not a layer count (from 1)", optarg);
                goto done;
            }
            o.layers = (size_t)k;
            break;
        case OPT_STRIP: o.strip = 1; break;
        case OPT_BOUNDARY: o.boundary = 1; break;
        case OPT_LEVEL:
            if (cli_parse_level(&o.boundary_opts, optarg) != 0)
                goto done;
            level = 1;
            break;
        case OPT_VIEW:
            if (parse_view(view, optarg) != 0)
                goto done;
            o.view = view;
            break;
        case OPT_INAMES:
            free_names(inames);
            ninames = split_names(&inames, optarg);
            break;
        case OPT_ONAMES:
            free_names(onames);
            nonames = split_names(&onames, optarg);
            break;
        case OPT_TITLE: o.title = optarg; break;
        case OPT_NOFACETS: o.facets = 0; break;
        case OPT_NOLEGEND: o.legend = 0; break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("draw", argv);
            goto done;
        }
    }
    if (c.format != NULL) {
        int f = cli_format_index(&c, formats, 3);
        if (f < 0)
            goto done;
        format = (rc_draw_format)f;
    } else if (c.output == NULL || strcmp(c.output, "-") == 0) {
        cli_error("draw needs -o FILE.svg|FILE.png|FILE.pdf (or --format to write "
                  "to standard output)");
        goto done;
    } else if (rc_draw_format_from_path(&format, c.output, &err) != RC_OK) {
        cli_error("%s", err.msg);
        goto done;
    }
    if (level && !o.boundary) {
        cli_error("--level draws a level set over the picture: it needs --boundary");
        goto done;
    }
    o.boundary_opts.argmin = o.color == RC_DRAW_ARGMIN;
    if ((rc = cli_load_open(&net, &dom, NULL, &c, argc, argv, "draw", NULL)) != EXIT_OK)
        goto done;
    rc = EXIT_BAD_INPUT;
    if (inames != NULL && ninames != rc_net_num_inputs(net)) {
        cli_error("--input-names: %zu names for %zu inputs", ninames, rc_net_num_inputs(net));
        goto done;
    }
    if (onames != NULL && nonames != rc_net_num_outputs(net)) {
        cli_error("--output-names: %zu names for %zu outputs", nonames,
                  rc_net_num_outputs(net));
        goto done;
    }
    if (rc_domain_dim(dom) != 2) {
        cli_error("draw needs a 2D domain: this one has %zu free inputs (fix the "
                  "others with --fix)", rc_domain_dim(dom));
        goto done;
    }
    o.input_names = (const char *const *)inames;
    o.output_names = (const char *const *)onames;
    c.opts.chebyshev = 1;
    c.opts.volume = o.color == RC_DRAW_VOLUME;
    if ((rc = cli_output_open(&out, c.output)) != EXIT_OK)
        goto done;
    cli_run_prepare(&c);
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    st = rc_partition_draw_stream(out.f, format, part, dom, &o, &err);
    if (st != RC_OK)
        cli_error("%s", err.msg);
    rc = cli_output_close(&out, st == RC_OK) || st != RC_OK
         ? (st == RC_ERR_ARG ? EXIT_BAD_INPUT : EXIT_FAILURE_RUN) : EXIT_OK;
done:
    cli_output_abort(&out);
    free_names(inames);
    free_names(onames);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
