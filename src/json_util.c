/* json_util.c -- numbers as JSON values; see json_util.h. */
#include <math.h>
#include <string.h>

#include "json_util.h"

json_t *
rc_json_num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

json_t *
rc_json_q(mpq_srcptr q)
{
    char *text = mpq_get_str(NULL, 10, q);
    void (*freefunc)(void *, size_t);
    json_t *j;

    if (text == NULL)
        return NULL;
    j = json_string(text);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(text, strlen(text) + 1);
    return j;
}
