/* test_dynlib.c -- libraries opened on first use (src/base/dynlib.h):
 *  - a library that exists (libm, by its SONAME) opens, its table is
 *    filled, and the first call does it once: later calls do not resolve
 *    again;
 *  - one that does not exist fails with RC_ERR_IO and a message that names
 *    what it is for and the loader's reason, and so does every later call;
 *  - one that lacks a function fails naming the function. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "base/dynlib.h"
#include "testutil.h"

static double (*my_cos)(double);
static int resolved;

static const char *
resolve_cos(void *h)
{
    resolved++;
    *(void **)&my_cos = dlsym(h, "cos");
    return my_cos == NULL ? "cos" : NULL;
}

static const char *
resolve_missing(void *h)
{
    return dlsym(h, "no_such_function_in_libm") == NULL
           ? "no_such_function_in_libm" : NULL;
}

static void
test_open(void)
{
    static rc_dynlib lib = RC_DYNLIB_INIT("the test", "libm.so.6", resolve_cos);
    rc_error err;

    CU_ASSERT_EQUAL_FATAL(rc_dynlib_open(&lib, &err), RC_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(my_cos);
    CU_ASSERT_DOUBLE_EQUAL(my_cos(0.0), 1.0, 0.0);
    CU_ASSERT_EQUAL(rc_dynlib_open(&lib, &err), RC_OK);
    CU_ASSERT_EQUAL(resolved, 1);
}

static void
test_missing_library(void)
{
    static rc_dynlib lib = RC_DYNLIB_INIT("the test", "libno-such-library.so.7",
                                          resolve_cos);
    rc_error err;
    int i;

    for (i = 0; i < 2; i++) {
        memset(&err, 0, sizeof err);
        CU_ASSERT_EQUAL(rc_dynlib_open(&lib, &err), RC_ERR_IO);
        CU_ASSERT_EQUAL(err.status, RC_ERR_IO);
        CU_ASSERT(strstr(err.msg, "the test could not be loaded: ") == err.msg);
        CU_ASSERT(strstr(err.msg, "libno-such-library.so.7") != NULL);
    }
}

static void
test_missing_function(void)
{
    static rc_dynlib lib = RC_DYNLIB_INIT("the test", "libm.so.6", resolve_missing);
    rc_error err;

    CU_ASSERT_EQUAL(rc_dynlib_open(&lib, &err), RC_ERR_IO);
    CU_ASSERT(strstr(err.msg, "libm.so.6 has no no_such_function_in_libm") != NULL);
}

int
main(void)
{
    static const test_case tests[] = {
        {"a library opens once and fills its table", test_open},
        {"a missing library: RC_ERR_IO, every time", test_missing_library},
        {"a missing function is named", test_missing_function},
    };

    return test_run_suite("dynlib", tests, sizeof tests / sizeof *tests);
}
