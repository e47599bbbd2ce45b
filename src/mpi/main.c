/* main.c -- relucells-mpi: 'count' and 'enumerate' over the ranks of an MPI
 * job.
 *
 * Every rank loads the network and makes the engine's plan (enumerate.h:
 * the top levels of the layer tree and the task list, the same on every
 * rank).  Rank 0 hands the tasks out one at a time to whoever asks
 * (serve.c); what the tasks found adds up to the single-process run's
 * counts (count.c), and the regions of each task, written as records on
 * the rank that ran it, are put together in plan order with the ids of
 * the single-process run (enumerate.c, gather.c).
 * MPI calls are made by one thread at a time (MPI_THREAD_SERIALIZED).
 * Any failure ends the job with MPI_Abort after a one-line message: never
 * a hang. */
#include <fcntl.h>
#include <mpi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "mpi/mpi_job.h"

int mpi_rank, mpi_ranks;

double
mpi_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void
mpi_die(int code, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "relucells-mpi: rank %d: ", mpi_rank);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, code);
    exit(code);
}

int
mpi_agree(int rc)
{
    int all = rc;

    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

int
mpi_quiet(void)
{
    int saved = -1, null;

    if (mpi_rank == 0)
        return -1;
    null = open("/dev/null", O_WRONLY);
    fflush(stderr);
    saved = dup(STDERR_FILENO);
    if (null >= 0) {
        dup2(null, STDERR_FILENO);
        close(null);
    }
    return saved;
}

int
mpi_speak(int saved, int rc)
{
    int first = rc;

    MPI_Bcast(&first, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (saved >= 0) {
        fflush(stderr);
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    if (mpi_rank != 0 && rc != EXIT_OK && first == EXIT_OK)
        fprintf(stderr, "relucells-mpi: rank %d: cannot load the network or "
                "its domain, or open its files, which rank 0 could (is the "
                "file on every node?)\n", mpi_rank);
    return mpi_agree(rc);
}

static void
help(FILE *f)
{
    fputs("Usage: mpirun -n P relucells-mpi COMMAND [OPTIONS] NET\n"
          "The regions of NET over the P ranks of an MPI job, with the output\n"
          "of the same relucells command on any number of ranks.\n"
          "\nCommands:\n"
          "  count       the number of regions ('relucells count')\n"
          "  enumerate   every region ('relucells enumerate'), in one file or\n"
          "              in a shard per rank\n"
          "\n'relucells-mpi COMMAND --help' describes a command's options.\n\n",
          f);
    mpi_help_count(f);
    fputc('\n', f);
    mpi_help_enumerate(f);
}

static int
finish(int rc)
{
    MPI_Finalize();
    return rc;
}

int
main(int argc, char **argv)
{
    int provided, rc;

    cli_program = "relucells-mpi";
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided)
        != MPI_SUCCESS) {
        fputs("relucells-mpi: MPI_Init_thread failed\n", stderr);
        return EXIT_FAILURE_RUN;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi_ranks);
    if (provided < MPI_THREAD_SERIALIZED)
        mpi_die(EXIT_FAILURE_RUN, "the MPI library does not allow calls from "
                "several threads (MPI_THREAD_SERIALIZED)");
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        if (mpi_rank == 0)
            help(argc < 2 ? stderr : stdout);
        return finish(argc < 2 ? EXIT_BAD_INPUT : EXIT_OK);
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        if (mpi_rank == 0)
            printf("relucells-mpi %s\n", PACKAGE_VERSION);
        return finish(EXIT_OK);
    }
    opterr = 0;
    optind = 1;
    cli_signals_install(1);
    if (strcmp(argv[1], "count") == 0) {
        rc = mpi_count(argc - 1, argv + 1);
    } else if (strcmp(argv[1], "enumerate") == 0) {
        rc = mpi_enumerate(argc - 1, argv + 1);
    } else {
        if (mpi_rank == 0)
            fprintf(stderr, "relucells-mpi: unknown command '%s' (relucells-mpi "
                    "runs 'count' and 'enumerate'; try 'relucells-mpi "
                    "--help')\n", argv[1]);
        rc = EXIT_BAD_INPUT;
    }
    return finish(rc);
}
