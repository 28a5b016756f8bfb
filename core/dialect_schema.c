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
#undef NAME2
#undef NAME3
static const char *const v_actions[] = {"services",      "add",    "status",  "refill",
                                        "refill_status", "cancel", "balance", NULL};
static const char *const v_id_kinds[] = {"int", "objectid", NULL};
static const char *const v_methods[] = {"POST", "GET", NULL};
static const char *const v_encodings[] = {"form", "json", NULL};
static const char *const v_styles[] = {"body", "http", NULL};
static const char *const v_add[] = {"refused", "accepted", NULL};
static const char *const v_dates[] = {"d/m/Y", "Y-m-d", NULL};
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

static const dialect_member m_limits[] = {
    {"max_ids", &n_max_ids, 1, NULL, "most ids in one multi request (status, refill, cancel)"},
    {"requests_per_minute", &n_rpm, 1, NULL,
     "the mock answers rate_limited past it; the runner stays under it"},
    {"failed_key_attempts", &n_failed_key, 1, NULL,
     "the mock locks the key (key_locked) after that many bad keys in window_s"},
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

static const dialect_member m_ids[] = {
    {"order", &n_id_kind, 1, NULL, "order ids: int (decimal) or objectid (24 hex digits)"},
    {"refill", &n_id_kind, 1, NULL, "refill ids"},
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
    {0}};
static const dialect_node n_type = {.type = DN_OBJECT,
                                    .def = "service_type",
                                    .flags = DN_CITED,
                                    .meaning = "one add parameter set, per catalogue type",
                                    .members = m_type};
static const dialect_node n_types = {.type = DN_ARRAY, .items = &n_type, .lo = 1, .hi = 256};

/* params */
static const dialect_node n_date = {.type = DN_ENUM, .values = v_dates, .meaning = "date format"};
static const dialect_member m_param[] = {
    {"integer", &n_bool, 0, "false", "the value must be a decimal integer"},
    {"enum", &n_str_list, 0, "none", "the allowed values"},
    {"date", &n_date, 0, "none", "a date in this format"},
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
static const dialect_member m_field[] = {{"kind", &n_kind, 1, NULL, "the field kind"}, {0}};
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
    {"message", &n_str, 1, NULL, "the message text in the error field (part `message`)"},
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
static const dialect_node n_style = {.type = DN_ENUM, .values = v_styles, .meaning = "error style"};
static const dialect_member m_errors[] = {
    {"field", &n_str, 1, NULL, "the member of the error envelope, e.g. \"error\""},
    {"style", &n_style, 0, "body", "`body`: errors in a 200 answer; `http`: with HTTP codes"},
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
    {"type", &n_str, 1, NULL, "a declared service type"},
    {"category", &n_str, 1, NULL, "category"},
    {"rate", &n_money, 1, NULL, "price per 1000, a decimal string"},
    {"min", &n_count, 1, NULL, "least quantity (1 <= min <= max)"},
    {"max", &n_count, 1, NULL, "largest quantity"},
    {"refill", &n_bool, 0, "no field", "the refill flag the services answer carries"},
    {"cancel", &n_bool, 0, "no field", "the cancel flag the services answer carries"},
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
