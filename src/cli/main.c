/* main.c -- the relucells program: the commands and their dispatch. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *what;
} commands[] = {
    { "enumerate", cmd_enumerate, "every region: pattern, polyhedron, affine map" },
    { "count", cmd_count, "the number of regions (last line: regions: N)" },
    { "estimate", cmd_estimate, "estimated regions per layer and time, without enumerating" },
    { "info", cmd_info, "architecture, parameter count and domain of NET" },
    { "graph", cmd_graph, "the region graph: adjacency, neurons, gradient jumps" },
    { "bounds", cmd_bounds, "enumerated counts beside Zaslavsky's and published bounds" },
    { "atoms", cmd_atoms, "per region: rank-one atoms of the map, coefficients, paths" },
    { "lipschitz", cmd_lipschitz, "per region and global Lipschitz constants and bounds" },
    { "draw", cmd_draw, "a picture of a 2D partition: SVG, PNG or PDF" },
    { "boundary", cmd_boundary, "the exact decision boundary (or a level set)" },
    { "mesh", cmd_mesh, "a 3D partition for ParaView (.vtu) or its surfaces (.ply)" },
    { "convert", cmd_convert, "a network in the other format (NNet, ONNX)" },
    { "path", cmd_path, "every break point along a segment, polyline or arc" },
    { "paths", cmd_paths, "statistics of the paths between pairs of samples" },
    { "random", cmd_random, "a random network (He, Raghu, Kim & Kim) or points" },
};

static void
usage(FILE *f)
{
    size_t i;

    fputs("Usage: relucells COMMAND [OPTIONS] NET\n"
          "Enumerate exactly the linear regions of a feed-forward ReLU network.\n"
          "\nCommands:\n", f);
    for (i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].what);
    fputs("\nNET is a network in NNet (relucells-nnet(5)) or ONNX (relucells-onnx(5))\n"
          "format; - reads stdin.\n"
          "'relucells COMMAND --help' describes a command's options.\n"
          "  -h, --help     show this help\n"
          "  -V, --version  show the version\n", f);
}

int
main(int argc, char **argv)
{
    const char *cmd;
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("relucells %s\n", PACKAGE_VERSION);
        return EXIT_OK;
    }
    opterr = 0;   /* one line of our own: cli_bad_option */
    optind = 1;
    cli_signals_install(1);
    for (i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'relucells --help')", cmd);
    return EXIT_BAD_INPUT;
}
