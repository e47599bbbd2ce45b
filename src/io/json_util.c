/* json_util.c -- numbers as JSON values; see json_util.h. */
#include <math.h>
#include <string.h>

#include "io/json_util.h"

json_t *
rc_json_num(double x)
{
    /* + 0.0: JSON readers should never see -0 */
    return isfinite(x) ? json_real(x + 0.0) : json_null();
}

json_t *
rc_json_owner(rc_owner owner)
{
    if (owner.kind == RC_OWNER_NEURON)
        return json_pack("{s:s, s:i, s:i}", "kind", "neuron",
                         "layer", (int)owner.layer + 1,
                         "neuron", (int)owner.index + 1);
    return json_pack("{s:s, s:i, s:s}", "kind", "domain",
                     "input", (int)owner.index + 1,
                     "bound", owner.upper ? "upper" : "lower");
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

int
rc_json_member(FILE *out, const char *key, json_t *value, int first)
{
    json_t *k = json_string(key);
    int bad = value == NULL || k == NULL;

    bad = bad || fputs(first ? "{" : ",\n", out) == EOF;
    bad = bad || json_dumpf(k, out, JSON_ENCODE_ANY) != 0;
    bad = bad || fputs(": ", out) == EOF;
    bad = bad || json_dumpf(value, out, JSON_ENCODE_ANY | JSON_COMPACT
                            | JSON_REAL_PRECISION(17)) != 0;
    json_decref(k);
    json_decref(value);
    return bad;
}

json_t *
rc_json_vector(const double *v, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(a, rc_json_num(v[i]));
    return a;
}

json_t *
rc_json_points(const double *v, size_t count, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < count; i++)
        json_array_append_new(a, rc_json_vector(v + i * n, n));
    return a;
}

json_t *
rc_json_qvector(mpq_srcptr v, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(a, rc_json_q(v + i));
    return a;
}

json_t *
rc_json_qpoints(mpq_srcptr v, size_t count, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < count; i++)
        json_array_append_new(a, rc_json_qvector(v + i * n, n));
    return a;
}
