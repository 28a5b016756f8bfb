/* core/dialect_schema.c - the dialect file format as one table of members: type, required,
 * default, allowed values and meaning. dialect_walk.c validates files against it, and
 * dialect_gen.c generates dialects/dialect.schema.json and the member reference of
 * dialects/README.md from it, so the three cannot drift. */
#include <stddef.h>

#include "dialect_impl.h"

/* Value lists, from the X-macros that define them once. */
#define NAME2(name, str) str,
#define NAME3(name, str, x) str,
static const char *const v_kinds[] = {PANEL_KIND_MAP(NAME2) NULL};
static const char *const v_statuses[] = {PANEL_STATUS_MAP(NAME3) NULL};
static const char *const v_errcases[] = {PANEL_ERRCASE_MAP(NAME2) NULL};
static const char *const v_shapes[] = {PANEL_SHAPE_MAP(NAME3) NULL};
static const char *const v_errentries[] = {PANEL_ERRENTRY_MAP(NAME3) NULL};
static const char *const v_actions[] = {"services",      "add",    "status",  "refill",
                                        "refill_status", "cancel", "balance", NULL};
static const char *const v_id_kinds[] = {"int", "objectid", NULL};
static const char *const v_methods[] = {"POST", "GET", NULL};
static const char *const v_encodings[] = {"form", "json", NULL};
static const char *const v_styles[] = {"body", "http", NULL};
static const char *const v_add[] = {"refused", "accepted", NULL};
static const char *const v_dates[] = {"d/m/Y", "Y-m-d", "Y-m-d H:i:s", "unix", "iso8601", NULL};
static const char *const v_encodings2[] = {"form", "json", "multipart", NULL};
static const char *const v_keylocs[] = {PANEL_KEYLOC_MAP(NAME3) NULL};
static const char *const v_idgens[] = {PANEL_IDGEN_MAP(NAME3) NULL};
static const char *const v_valgens[] = {PANEL_VALGEN_MAP(NAME3) NULL};
static const char *const v_successes[] = {PANEL_SUCCESS_MAP(NAME3) NULL};
static const char *const v_id_kinds2[] = {"int", "objectid", "pattern", NULL};
static const char *const v_id_json[] = {"number", "string", NULL};
static const char *const v_list_seps[] = {"\n", "\r\n", ",", NULL};
#undef NAME2
#undef NAME3
/* ISO 4217 active currency codes. */
static const char *const v_currencies[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL", NULL};

const char *const dialect_prov_members[] = {"src", "example", "observed", "assumed", NULL};

/* Leaves. */
static const dialect_node n_str = {.type = DN_STRING, .hi = 4096};
static const dialect_node n_bool = {.type = DN_BOOL};
static const dialect_node n_any = {.type = DN_ANY};
static const dialect_node n_money = {.type = DN_MONEY};
static const dialect_node n_str_list = {.type = DN_ARRAY, .items = &n_str, .lo = 0, .hi = 256};
static const dialect_node n_name = {
    .type = DN_STRING, .hi = 64, .pattern = "^[a-z0-9][a-z0-9-]*$", .meaning = "a dialect name"};
static const dialect_node n_kind = {.type = DN_ENUM, .values = v_kinds, .meaning = "field kind"};
static const dialect_node n_status = {
    .type = DN_ENUM, .values = v_statuses, .meaning = "canonical status"};
static const dialect_node n_id_kind = {.type = DN_ENUM, .values = v_id_kinds, .meaning = "id kind"};

/* A {"value": X} scalar rule. */
#define VALUE_RULE(id, value_node, meaning_)                                                       \
    static const dialect_member id##_m[] = {{"value", &value_node, 1, NULL, meaning_}, {0}};       \
    static const dialect_node id = {.type = DN_OBJECT, .flags = DN_CITED, .members = id##_m}

static const dialect_node n_base_path_v = {.type = DN_STRING,
                                           .hi = 256,
                                           .pattern = "^(/[A-Za-z0-9._~-]+)+/?$",
                                           .meaning = "an absolute URL path"};
VALUE_RULE(n_base_path, n_base_path_v, "the documented path of the API, e.g. \"/api/v2\"");
static const dialect_node n_method_v = {.type = DN_ENUM, .values = v_methods, .meaning = "method"};
VALUE_RULE(n_method, n_method_v, "the HTTP method requests use");
static const dialect_node n_encoding_v = {
    .type = DN_ENUM, .values = v_encodings, .meaning = "request encoding"};
VALUE_RULE(n_encoding, n_encoding_v,
           "request bodies: \"form\" (application/x-www-form-urlencoded) or \"json\"");
static const dialect_node n_currency_v = {
    .type = DN_ENUM, .values = v_currencies, .meaning = "currency (ISO 4217 code)"};
VALUE_RULE(n_currency, n_currency_v, "the account currency (ISO 4217)");
static const dialect_node n_decimals_v = {.type = DN_INT, .lo = 0, .hi = 8};
VALUE_RULE(n_decimals, n_decimals_v, "decimal places the provider writes money with");
static const dialect_node n_max_ids_v = {.type = DN_INT, .lo = 1, .hi = 1000};
VALUE_RULE(n_max_ids, n_max_ids_v, "most ids a multi request takes");
static const dialect_node n_rpm_v = {.type = DN_INT, .lo = 0, .hi = 1000000};
VALUE_RULE(n_rpm, n_rpm_v, "requests per minute before rate_limited; 0 = none documented");

static const dialect_node n_window_v = {.type = DN_INT, .lo = 0, .hi = 604800};
static const dialect_member m_failed_key[] = {
    {"value", &n_rpm_v, 1, NULL, "failed key attempts before key_locked; 0 = none documented"},
    {"window_s", &n_window_v, 0, "0", "the window the attempts are counted in, seconds"},
    {0}};
static const dialect_node n_failed_key = {
    .type = DN_OBJECT, .flags = DN_CITED, .members = m_failed_key};

static const dialect_member m_rate_headers[] = {
    {"retry_after", &n_str, 0, "none", "e.g. \"Retry-After\" (seconds)"},
    {"limit", &n_str, 0, "none", "e.g. \"X-RateLimit-Limit\""},
    {"remaining", &n_str, 0, "none", "e.g. \"X-RateLimit-Remaining\""},
    {"reset", &n_str, 0, "none", "e.g. \"X-RateLimit-Reset\""},
    {0}};
static const dialect_node n_rate_headers = {.type = DN_OBJECT,
                                            .def = "rate_headers",
                                            .flags = DN_CITED,
                                            .meaning = "rate-limit headers",
                                            .members = m_rate_headers};
static const dialect_member m_limits[] = {
    {"max_ids", &n_max_ids, 1, NULL, "most ids in one multi request (status, refill, cancel)"},
    {"requests_per_minute", &n_rpm, 1, NULL,
     "the mock answers rate_limited past it; the runner stays under it"},
    {"failed_key_attempts", &n_failed_key, 1, NULL,
     "the mock locks the key (key_locked) after that many bad keys in window_s"},
    {"rate_headers", &n_rate_headers, 0, "none",
     "the headers a rate-limited (or any) answer carries: the mock sends them, the runner "
     "reads Retry-After before retrying"},
    {0}};
static const dialect_node n_limits = {
    .type = DN_OBJECT, .def = "limits", .meaning = "documented limits", .members = m_limits};

static const dialect_member m_key[] = {
    {"param", &n_str, 1, NULL, "the request parameter carrying the API key"},
    {"pattern", &n_str, 1, NULL,
     "the key format: X = [A-Za-z0-9], H = [0-9a-f], any other character literal; whole-string "
     "match. The mock enforces it only when documented"},
    {0}};
static const dialect_node n_key = {.type = DN_OBJECT,
                                   .def = "key",
                                   .flags = DN_CITED,
                                   .meaning = "the API key: parameter and format (part `pattern`)",
                                   .members = m_key};

static const dialect_node n_idgen_kind = {
    .type = DN_ENUM, .values = v_idgens, .meaning = "id generator"};
static const dialect_node n_width = {.type = DN_INT, .lo = 0, .hi = 40};
static const dialect_node n_pattern = {
    .type = DN_STRING, .hi = 256, .meaning = "a POSIX extended regex (whole match)"};
static const dialect_member m_idgen[] = {
    {"kind", &n_idgen_kind, 1, NULL,
     "`digits` (min..max), `prefix_digits`, `hex`, `ulid`, `uuid`: how the mock issues ids"},
    {"prefix", &n_str, 0, "none", "text before the digits (\"ord_\")"},
    {"width", &n_width, 0, "0 (as needed; hex: 24)", "digits after the prefix, zero-padded"},
    {0}};
static const dialect_node n_idgen = {.type = DN_OBJECT, .members = m_idgen};
static const dialect_node n_id_kind2 = {
    .type = DN_ENUM, .values = v_id_kinds2, .meaning = "id kind"};
static const dialect_node n_u63 = {.type = DN_INT, .lo = 0, .hi = 9223372036854775807LL};
static const dialect_node n_id_json = {
    .type = DN_ENUM, .values = v_id_json, .meaning = "id JSON type"};
static const dialect_member m_id_spec[] = {
    {"kind", &n_id_kind2, 1, NULL, "`int`, `objectid` or `pattern`"},
    {"min", &n_u63, 0, "1",
     "int ids: the smallest id (ranges past 2^31 and 2^53 catch clients "
     "storing ids in an int32 or a double)"},
    {"max", &n_u63, 0, "10^18-1", "int ids: the largest id"},
    {"pattern", &n_pattern, 0, "none", "pattern ids: the whole id matches it (compiled at load)"},
    {"json", &n_id_json, 0, "number for int, else string", "how ids travel in JSON"},
    {"generator", &n_idgen, 0, "digits (int), hex (objectid)",
     "how the mock issues ids; required for pattern ids, and its ids must match the pattern"},
    {0}};
static const dialect_node n_id_spec = {.type = DN_OBJECT,
                                       .def = "id_spec",
                                       .flags = DN_CITE_OK,
                                       .meaning = "an id format with its range or pattern and "
                                                  "generator",
                                       .members = m_id_spec};
static const dialect_node *const a_id[] = {&n_id_kind, &n_id_spec, NULL};
static const dialect_node n_id = {.type = DN_ONEOF, .alts = a_id};
static const dialect_member m_ids[] = {
    {"order", &n_id, 1, NULL,
     "order ids: `int` (decimal), `objectid` (24 hex digits) or an id_spec object"},
    {"refill", &n_id, 1, NULL, "refill ids"},
    {0}};
static const dialect_node n_ids = {.type = DN_OBJECT,
                                   .def = "ids",
                                   .flags = DN_CITED,
                                   .meaning = "id formats (parts `order`, `refill`)",
                                   .members = m_ids};

/* statuses */
static const dialect_node *const a_word_pair[] = {&n_str, &n_status, NULL};
static const dialect_node n_word_pair = {
    .type = DN_TUPLE, .alts = a_word_pair, .meaning = "[provider word, canonical status]"};
static const dialect_node n_words = {.type = DN_ARRAY, .items = &n_word_pair, .lo = 1, .hi = 256};
static const dialect_node n_status_list = {.type = DN_ARRAY, .items = &n_status, .lo = 0, .hi = 64};
static const dialect_node n_lifecycle = {
    .type = DN_MAP, .keys = &n_status, .items = &n_status_list, .hi = 64};
static const dialect_member m_vocab[] = {
    {"words", &n_words, 1, NULL,
     "pairs of the provider's spelling and a canonical status; the first word of a status is the "
     "one the mock sends; the runner accepts every listed word (exact first, then loosely)"},
    {"lifecycle", &n_lifecycle, 0, "{} (no transitions)",
     "legal transitions between canonical states: the mock moves orders along them, the runner "
     "flags a status change that is not one (part `lifecycle`)"},
    {0}};
static const dialect_node n_vocab = {.type = DN_OBJECT,
                                     .def = "vocabulary",
                                     .flags = DN_CITED,
                                     .meaning = "a status vocabulary with its lifecycle",
                                     .members = m_vocab};
static const dialect_member m_statuses[] = {{"order", &n_vocab, 1, NULL, "order statuses"},
                                            {"refill", &n_vocab, 0, "none", "refill statuses"},
                                            {0}};
static const dialect_node n_statuses = {
    .type = DN_OBJECT, .flags = DN_CITE_OK, .members = m_statuses};

/* service types */
static const dialect_member m_cond[] = {
    {"param", &n_str, 1, NULL, "the parameter that becomes required ..."},
    {"when", &n_str, 1, NULL, "... when this parameter of the type ..."},
    {"equals", &n_str, 1, NULL, "... has this value"},
    {0}};
static const dialect_node n_cond = {.type = DN_OBJECT, .members = m_cond};
static const dialect_node n_cond_list = {.type = DN_ARRAY, .items = &n_cond, .hi = 256};
static const dialect_node n_qty = {.type = DN_STRING,
                                   .hi = 128,
                                   .pattern = "^(param|fixed|posts_x_max|lines:.+)$",
                                   .meaning = "a quantity rule"};
static const dialect_node n_add = {.type = DN_ENUM, .values = v_add, .meaning = "add rule"};
static const dialect_member m_type[] = {
    {"name", &n_str, 1, NULL,
     "the catalogue `type` value (matched case-insensitively, unique; part `name`)"},
    {"required", &n_str_list, 1, NULL,
     "parameters add requires: the mock refuses an add without one (missing_param), the runner "
     "sends them"},
    {"optional", &n_str_list, 0, "[]", "parameters add also accepts"},
    {"conditional", &n_cond_list, 0, "[]", "parameters required when another has a value"},
    {"quantity", &n_qty, 1, NULL,
     "how the ordered quantity is known: `param`, `fixed` (the service's min), `posts_x_max` "
     "(posts, default 1, x max) or `lines:<param>` (non-empty lines of a required parameter) "
     "(part `quantity`)"},
    {"add", &n_add, 0, "accepted",
     "`refused`: the provider refuses add for this type (subscription_refused)"},
    {"runs", &n_str, 0, "none",
     "drip-feed: the parameter of the type (required or optional) giving the number of runs; an "
     "order with it is charged runs x quantity x rate / 1000: the mock bills so, the runner "
     "checks it (ledger.dripfeed; part `runs`)"},
    {0}};
static const dialect_node n_type = {.type = DN_OBJECT,
                                    .def = "service_type",
                                    .flags = DN_CITED,
                                    .meaning = "one add parameter set, per catalogue type",
                                    .members = m_type};
static const dialect_node n_types = {.type = DN_ARRAY, .items = &n_type, .lo = 1, .hi = 256};

/* params */
static const dialect_node n_len = {.type = DN_INT, .lo = 0, .hi = 1000000};
static const dialect_node n_i64 = {
    .type = DN_INT, .lo = -9223372036854775807LL, .hi = 9223372036854775807LL};
static const dialect_node n_list_sep = {
    .type = DN_ENUM, .values = v_list_seps, .meaning = "list separator"};
static const dialect_node n_valgen_kind = {
    .type = DN_ENUM, .values = v_valgens, .meaning = "value generator"};
static const dialect_member m_valgen[] = {
    {"kind", &n_valgen_kind, 1, NULL, "`constant`, `counter`, `uuid` or `link`"},
    {"value", &n_str, 0, "none", "constant: the value; counter: the prefix"},
    {0}};
static const dialect_node n_valgen = {.type = DN_OBJECT, .members = m_valgen};
static const dialect_node n_date = {.type = DN_ENUM, .values = v_dates, .meaning = "date format"};
static const dialect_member m_param[] = {
    {"integer", &n_bool, 0, "false", "the value must be a decimal integer"},
    {"enum", &n_str_list, 0, "none", "the allowed values"},
    {"date", &n_date, 0, "none",
     "a date in this format (`d/m/Y`, `Y-m-d`, `Y-m-d H:i:s`, `unix`, "
     "`iso8601`)"},
    {"pattern", &n_pattern, 0, "none", "a POSIX extended regex the whole value matches"},
    {"min_length", &n_len, 0, "none", "fewest characters"},
    {"max_length", &n_len, 0, "none", "most characters"},
    {"min", &n_i64, 0, "none", "integer range: smallest value"},
    {"max", &n_i64, 0, "none", "integer range: largest value"},
    {"list", &n_list_sep, 0, "none",
     "the value is a list separated by \"\\n\", \"\\r\\n\" or \",\"; each item is checked"},
    {"generator", &n_valgen, 0, "none (the runner's default)",
     "how the runner fills the parameter when it must send it: `constant` (value), `counter` "
     "(value as prefix + a new number), `uuid`, `link`; an idempotency key needs a fresh one"},
    {0}};
static const dialect_node n_param = {
    .type = DN_OBJECT,
    .def = "param",
    .flags = DN_CITED,
    .meaning = "constraints on one add parameter: the mock refuses other values (invalid_param), "
               "the runner sends valid ones and probes invalid ones",
    .members = m_param};
static const dialect_node n_params = {.type = DN_MAP, .items = &n_param, .hi = 256};

/* response forms */
static const dialect_member m_field[] = {
    {"kind", &n_kind, 1, NULL, "the field kind"},
    {"decimals", &n_decimals_v, 0, "money_decimals", "money fields: the places of this field"},
    {0}};
static const dialect_node n_field_obj = {.type = DN_OBJECT,
                                         .def = "field",
                                         .flags = DN_CITED,
                                         .meaning = "a field with its own provenance",
                                         .members = m_field};
static const dialect_node *const a_field[] = {&n_kind, &n_field_obj, NULL};
static const dialect_node n_field = {
    .type = DN_ONEOF, .alts = a_field, .meaning = "a kind name, or {kind, src|example|assumed}"};
static const dialect_node n_fields = {.type = DN_MAP, .items = &n_field, .hi = 256};
static const dialect_node n_shape = {.type = DN_ENUM, .values = v_shapes, .meaning = "shape"};
static const dialect_node n_errentry = {
    .type = DN_ENUM, .values = v_errentries, .meaning = "error_entry"};
static const dialect_node n_wrapper = {.type = DN_MAP, .items = &n_any, .hi = 64};
static const dialect_node n_success_kind = {
    .type = DN_ENUM, .values = v_successes, .meaning = "success rule"};
static const dialect_member m_success[] = {
    {"kind", &n_success_kind, 1, NULL, "`id`, `constant`, `truthy` or `member`"},
    {"value", &n_any, 0, "none", "constant / member: the value meaning success"},
    {"member", &n_str, 0, "none", "member: the member to look at"},
    {0}};
static const dialect_node n_success = {.type = DN_OBJECT, .members = m_success};
static const dialect_member m_response[] = {
    {"shape", &n_shape, 1, NULL,
     "`object` (one object), `keyed` (an object mapping each id to an entry), `array` (entries)"},
    {"fields", &n_fields, 1, NULL,
     "field name -> kind (`int intstr money number string bool objectid status refill_status "
     "any`) or {kind, provenance}; the runner checks each present field's kind, the mock writes "
     "them"},
    {"required", &n_str_list, 0, "[]", "fields that must be present (each one of `fields`)"},
    {"wrapper", &n_wrapper, 0, "none",
     "constant members around the payload, e.g. {\"status\": \"success\"}"},
    {"key_field", &n_str, 0, "none", "array entries: the field carrying the id"},
    {"result_field", &n_str, 0, "none", "refill/cancel entries: the field carrying the outcome"},
    {"ok_value", &n_any, 0, "none (an id)", "the value of result_field meaning success"},
    {"success", &n_success, 0, "constant ok_value when given, else id",
     "what a successful answer (the result field's value, or the object) is: `id` (an id of the "
     "declared kind), `constant` (value), `truthy`, `member` (member holds value); anything "
     "else that is not an error entry is a diagnostic"},
    {"error_entry", &n_errentry, 0, "none",
     "per-entry errors: `none`, `object` ({\"error\": ...}), `string`, `nested` (the result "
     "field holds {\"error\": ...}), `sibling` (\"error\" beside the key field)"},
    {0}};
static const dialect_node n_response = {
    .type = DN_OBJECT,
    .def = "response",
    .flags = DN_CITED,
    .meaning = "the shape of one response (single or multi form of an action, or the webhook)",
    .members = m_response};

/* actions */
static const dialect_member m_action[] = {
    {"documented", &n_bool, 0, "true", "false: the document has no such action"},
    {"name", &n_str, 0, NULL, "the action= value (required when documented)"},
    {"multi_name", &n_str, 0, "name", "the action= value of the multi form"},
    {"single_param", &n_str, 0, "none", "the id parameter of the single form (\"order\")"},
    {"multi_param", &n_str, 0, "none",
     "the comma-separated id list parameter of the multi form (\"orders\"); required with multi"},
    {"single", &n_response, 0, "none", "the single form's response"},
    {"multi", &n_response, 0, "none", "the multi form's response"},
    {0}};
static const dialect_node n_action = {.type = DN_OBJECT,
                                      .def = "action",
                                      .flags = DN_CITED,
                                      .meaning = "one action of the API",
                                      .members = m_action};
static const dialect_node n_action_name = {
    .type = DN_ENUM, .values = v_actions, .meaning = "action"};
static const dialect_node n_actions = {.type = DN_MAP, .keys = &n_action_name, .items = &n_action};

/* errors */
static const dialect_node n_http = {.type = DN_INT, .lo = 100, .hi = 599};
static const dialect_member m_errcase[] = {
    {"http", &n_http, 1, NULL,
     "the HTTP status the provider answers with (200 for body-style errors; part `http`)"},
    {"message", &n_str, 1, NULL,
     "the message text in the error field (part `message`); `{param}` holes make it a template, "
     "matched with panel_message_match"},
    {"optional", &n_bool, 0, "false", "the provider may not have this case: the runner skips it"},
    {0}};
static const dialect_node n_errcase = {
    .type = DN_OBJECT,
    .def = "error_case",
    .flags = DN_CITED,
    .meaning = "one error situation: the mock answers it, the runner provokes and checks it",
    .members = m_errcase};
static const dialect_node n_errcase_name = {
    .type = DN_ENUM, .values = v_errcases, .meaning = "error case"};
static const dialect_node n_cases = {.type = DN_MAP, .keys = &n_errcase_name, .items = &n_errcase};
static const dialect_node n_case_key = {
    .type = DN_STRING, .hi = 64, .pattern = "^[a-z][a-z0-9_]*$", .meaning = "case name"};
static const dialect_node n_extra_cases = {
    .type = DN_MAP, .keys = &n_case_key, .items = &n_errcase, .hi = 64};
static const dialect_node n_style = {.type = DN_ENUM, .values = v_styles, .meaning = "error style"};
static const dialect_member m_errors[] = {
    {"field", &n_str, 1, NULL, "the member of the error envelope, e.g. \"error\""},
    {"style", &n_style, 0, "body", "`body`: errors in a 200 answer; `http`: with HTTP codes"},
    {"extra", &n_extra_cases, 0, "{}",
     "named cases beyond the standard ones (e.g. account_suspended, HTTP 403)"},
    {"cases", &n_cases, 1, NULL,
     "every error case (bad_key malformed_key key_locked rate_limited missing_action "
     "unknown_action missing_param invalid_param invalid_service quantity_range invalid_link "
     "not_enough_funds bad_order_id bad_refill_id too_many_ids subscription_refused "
     "not_cancellable not_refillable bad_method)"},
    {0}};
static const dialect_node n_errors = {.type = DN_OBJECT,
                                      .def = "errors",
                                      .flags = DN_CITED,
                                      .meaning = "the error envelope and the error cases",
                                      .members = m_errors};

/* catalogue */
static const dialect_node n_service_int = {.type = DN_INT, .lo = 1, .hi = 9007199254740991LL};
static const dialect_node *const a_service_id[] = {&n_service_int, &n_str, NULL};
static const dialect_node n_service_id = {.type = DN_ONEOF, .alts = a_service_id};
static const dialect_node n_count = {.type = DN_INT, .lo = 1, .hi = 1000000000000LL};
static const dialect_member m_item[] = {
    {"service", &n_service_id, 1, NULL, "the service id (a positive integer or a string), unique"},
    {"name", &n_str, 1, NULL, "service name"},
    {"type", &n_str, 0, "default_type", "a declared service type (required without default_type)"},
    {"category", &n_str, 1, NULL, "category"},
    {"rate", &n_money, 1, NULL, "price per 1000, a decimal string"},
    {"min", &n_count, 1, NULL, "least quantity (1 <= min <= max)"},
    {"max", &n_count, 1, NULL, "largest quantity"},
    {"refill", &n_bool, 0, "no field", "the refill flag the services answer carries"},
    {"cancel", &n_bool, 0, "no field", "the cancel flag the services answer carries"},
    {"dripfeed", &n_bool, 0, "no field", "the dripfeed flag the services answer carries"},
    {"desc", &n_str, 0, "no field", "the description the services answer carries"},
    {0}};
static const dialect_node n_item = {.type = DN_OBJECT,
                                    .def = "catalogue_service",
                                    .meaning = "one service the mock offers",
                                    .members = m_item};
static const dialect_node n_items = {.type = DN_ARRAY, .items = &n_item, .lo = 1, .hi = 1000};
static const dialect_member m_catalogue[] = {
    {"balance", &n_money, 1, NULL, "the mock account's starting balance, a decimal string"},
    {"services", &n_items, 1, NULL, "the services the mock offers"},
    {0}};
static const dialect_node n_catalogue = {.type = DN_OBJECT,
                                         .def = "catalogue",
                                         .meaning = "the mock's data (not rules of the provider)",
                                         .members = m_catalogue};

static const dialect_member m_assumption[] = {
    {"rule", &n_str, 1, NULL, "the rule"}, {"reason", &n_str, 1, NULL, "why it is assumed"}, {0}};
static const dialect_node n_assumption = {.type = DN_OBJECT, .members = m_assumption};
static const dialect_node n_assumptions = {.type = DN_ARRAY, .items = &n_assumption, .hi = 256};

/* transport */
static const dialect_node n_method_list = {
    .type = DN_ARRAY, .items = &n_method_v, .lo = 1, .hi = 2};
static const dialect_node n_encoding2 = {
    .type = DN_ENUM, .values = v_encodings2, .meaning = "request encoding"};
static const dialect_node n_encoding_list = {
    .type = DN_ARRAY, .items = &n_encoding2, .lo = 1, .hi = 3};
static const dialect_node n_keyloc = {
    .type = DN_ENUM, .values = v_keylocs, .meaning = "key location"};
static const dialect_member m_key_alt[] = {
    {"in", &n_keyloc, 1, NULL, "`body`, `query` or `header`"},
    {"name", &n_str, 0, "key.param", "header: the header name (\"X-Api-Key\")"},
    {"scheme", &n_str, 0, "none (the bare key)", "header: the scheme before the key"},
    {0}};
static const dialect_node n_key_alt = {.type = DN_OBJECT, .members = m_key_alt};
static const dialect_node n_key_alts = {.type = DN_ARRAY, .items = &n_key_alt, .lo = 1, .hi = 2};
static const dialect_member m_key_loc[] = {
    {"in", &n_keyloc, 1, NULL, "`body`, `query` or `header`"},
    {"name", &n_str, 0, "key.param", "header: the header name (\"Authorization\")"},
    {"scheme", &n_str, 0, "none (the bare key)", "header: the scheme before the key (\"Bearer\")"},
    {"also", &n_key_alts, 0, "[]",
     "other places the provider also accepts the key: the mock accepts them, the runner may "
     "probe them; the runner sends the key where `in` says"},
    {0}};
static const dialect_node n_key_loc = {.type = DN_OBJECT, .members = m_key_loc};
static const dialect_member m_transport[] = {
    {"methods", &n_method_list, 0, "[method]", "the HTTP methods the provider accepts"},
    {"encodings", &n_encoding_list, 0, "[request_encoding]",
     "request encodings accepted: `form`, `json` (a JSON object body), `multipart`"},
    {"key", &n_key_loc, 0, "{\"in\": \"body\"}", "where the API key travels (part `key`)"},
    {"response_content_type", &n_str, 0, "application/json", "the answers' Content-Type"},
    {0}};
static const dialect_node n_transport = {
    .type = DN_OBJECT,
    .def = "transport",
    .flags = DN_CITED,
    .meaning = "how requests travel; the mock accepts and the runner sends exactly these",
    .members = m_transport};

/* services without a type, idempotency, refill rules */
static const dialect_node n_type_v = {.type = DN_STRING, .hi = 256};
VALUE_RULE(n_default_type, n_type_v, "a declared service type");
static const dialect_member m_idem[] = {
    {"param", &n_str, 1, NULL, "the add parameter (\"request_id\")"},
    {"required", &n_bool, 0, "false", "add without it is refused (missing_param)"},
    {0}};
static const dialect_node n_idem = {
    .type = DN_OBJECT,
    .def = "idempotency",
    .flags = DN_CITED,
    .meaning = "an idempotency parameter: the same value and body give the same order; the same "
               "value with another body is refused",
    .members = m_idem};
static const dialect_node n_refill_max = {.type = DN_INT, .lo = 0, .hi = 1000};
static const dialect_member m_refill_rules[] = {
    {"max_per_order", &n_refill_max, 0, "0 (no limit)", "most refills of one order"},
    {"one_pending", &n_bool, 0, "false", "a new refill is refused while one is pending"},
    {"statuses", &n_status_list, 0, "[] (any)", "order statuses refill is allowed in"},
    {0}};
static const dialect_node n_refill_rules = {.type = DN_OBJECT,
                                            .def = "refill_rules",
                                            .flags = DN_CITED,
                                            .meaning = "when refill is allowed (not_refillable "
                                                       "otherwise)",
                                            .members = m_refill_rules};

/* extra actions */
static const dialect_member m_extra_action[] = {
    {"name", &n_str, 1, NULL, "the action= value"},
    {"params", &n_str_list, 0, "[]", "parameters it requires"},
    {"optional", &n_str_list, 0, "[]", "parameters it also takes"},
    {"response", &n_response, 1, NULL, "the answer's shape: the runner checks it"},
    {"answer", &n_any, 0, "none (from the mock's state)", "a static answer the mock serves"},
    {0}};
static const dialect_node n_extra_action = {
    .type = DN_OBJECT,
    .def = "extra_action",
    .flags = DN_CITED,
    .meaning = "an action beyond the seven (order history, webhook registration, ...)",
    .members = m_extra_action};
static const dialect_node n_action_key = {
    .type = DN_STRING, .hi = 64, .pattern = "^[a-z][a-z0-9_]*$", .meaning = "action key"};
static const dialect_node n_extra_actions = {
    .type = DN_MAP, .keys = &n_action_key, .items = &n_extra_action, .hi = 64};

static const dialect_node n_version = {.type = DN_INT, .lo = 1, .hi = 2};

static const dialect_member m_root[] = {
    {"$schema", &n_str, 0, "none",
     "for editors: \"./dialect.schema.json\" (ignored by the loader)"},
    {"panelkit_dialect", &n_version, 1, NULL, "the format version: 1 or 2"},
    {"name", &n_name, 1, NULL,
     "the dialect name `^[a-z0-9][a-z0-9-]*$`; the mock serves it at /<name><base_path>"},
    {"title", &n_str, 1, NULL, "the provider's human name"},
    {"document", &n_str, 1, NULL, "the provider document (seed file name or address)"},
    {"base_path", &n_base_path, 1, NULL, "{\"value\": \"/api/v2\"}: the documented path"},
    {"method", &n_method, 1, NULL, "{\"value\": \"POST\"}: the HTTP method"},
    {"request_encoding", &n_encoding, 1, NULL, "{\"value\": \"form\" | \"json\"}"},
    {"currency", &n_currency, 1, NULL, "{\"value\": \"USD\"}: ISO 4217"},
    {"money_decimals", &n_decimals, 1, NULL, "{\"value\": 0..8}: places money is written with"},
    {"key", &n_key, 1, NULL, "the API key parameter and format"},
    {"ids", &n_ids, 1, NULL, "order and refill id kinds"},
    {"limits", &n_limits, 1, NULL, "documented limits"},
    {"statuses", &n_statuses, 1, NULL, "`order` (required) and `refill` vocabularies"},
    {"service_types", &n_types, 1, NULL, "the add parameter sets, one per catalogue type"},
    {"params", &n_params, 1, NULL, "parameter name -> constraints"},
    {"actions", &n_actions, 1, NULL,
     "action (services add status refill refill_status cancel balance) -> its spec; absent = "
     "not documented"},
    {"errors", &n_errors, 1, NULL, "error envelope and cases"},
    {"catalogue", &n_catalogue, 1, NULL, "the mock's balance and services"},
    {"transport", &n_transport, 0, "from method, request_encoding and key",
     "methods, key location (body / query / header + scheme), encodings, response type"},
    {"default_type", &n_default_type, 0, "none",
     "{\"value\": \"Default\"}: the type of services the answer gives without `type`"},
    {"idempotency", &n_idem, 0, "none", "the idempotency parameter of add"},
    {"refill_rules", &n_refill_rules, 0, "none", "refill limits"},
    {"extra_actions", &n_extra_actions, 0, "{}", "actions beyond the seven, by key"},
    {"webhook", &n_response, 0, "none", "the status-change webhook body, when documented"},
    {"assumptions", &n_assumptions, 0, "[]", "free-form summary of what is assumed"},
    {0}};
static const dialect_node n_root = {
    .type = DN_OBJECT, .def = "dialect", .meaning = "a provider dialect file", .members = m_root};

/* The root of the format. */
const dialect_node *dialect_schema_root(void)
{
    return &n_root;
}
