/* The route table. Adding an endpoint: a handler in src/api/<resource>.c, a row here, and its
 * description in docs/openapi.yaml (the tenant-isolation probe reads the paths from there). */
#include "api/api.h"
#include "http/router.h"

const struct an_route an_routes[] = {
    {"GET", "/healthz", AN_AUTH_PUBLIC, AN_PERM_NONE, AN_RF_NO_DB, an_api_healthz},
    {"GET", "/readyz", AN_AUTH_PUBLIC, AN_PERM_NONE, AN_RF_NONE, an_api_readyz},
    {"GET", "/metrics", AN_AUTH_PUBLIC, AN_PERM_NONE, AN_RF_NO_DB, an_api_metrics},
    {"GET", "/api/v1/openapi.json", AN_AUTH_PUBLIC, AN_PERM_NONE, AN_RF_NO_DB, an_api_openapi},
    {"POST", "/api/v1/auth/login", AN_AUTH_PUBLIC, AN_PERM_NONE, AN_RF_NONE, an_api_login},
    {"POST", "/api/v1/auth/logout", AN_AUTH_SESSION, AN_PERM_NONE, AN_RF_PW_CHANGE_OK,
     an_api_logout},
    {"GET", "/api/v1/me", AN_AUTH_SESSION, AN_PERM_NONE, AN_RF_PW_CHANGE_OK, an_api_me},
    {"POST", "/api/v1/me/password", AN_AUTH_SESSION, AN_PERM_NONE, AN_RF_PW_CHANGE_OK,
     an_api_me_password},
    {"GET", "/api/v1/staff", AN_AUTH_SESSION, AN_PERM_STAFF_READ, AN_RF_NONE, an_api_staff_list},
    {"POST", "/api/v1/staff", AN_AUTH_SESSION, AN_PERM_STAFF_MANAGE, AN_RF_NONE,
     an_api_staff_create},
    {"GET", "/api/v1/staff/{id}", AN_AUTH_SESSION, AN_PERM_STAFF_READ, AN_RF_NONE,
     an_api_staff_get},
    {"GET", "/api/v1/tenants", AN_AUTH_SESSION, AN_PERM_TENANT_READ, AN_RF_NONE,
     an_api_tenant_list},
    {"POST", "/api/v1/tenants", AN_AUTH_SESSION, AN_PERM_TENANT_MANAGE, AN_RF_NONE,
     an_api_tenant_create},
    {"GET", "/api/v1/tenants/{id}", AN_AUTH_SESSION, AN_PERM_TENANT_READ, AN_RF_NONE,
     an_api_tenant_get},
    {"GET", "/api/v1/users", AN_AUTH_SESSION, AN_PERM_USERS_READ, AN_RF_NONE, an_api_user_list},
    {"POST", "/api/v1/users", AN_AUTH_SESSION, AN_PERM_USERS_MANAGE, AN_RF_NONE,
     an_api_user_create},
    {"GET", "/api/v1/users/{id}", AN_AUTH_SESSION, AN_PERM_USERS_READ, AN_RF_NONE,
     an_api_user_get},
    {"GET", "/api/v1/audit/events", AN_AUTH_SESSION, AN_PERM_AUDIT_READ, AN_RF_NONE,
     an_api_audit_list},
    {"GET", "/api/v1/audit/events.csv", AN_AUTH_SESSION, AN_PERM_AUDIT_READ, AN_RF_NONE,
     an_api_audit_csv},
    {"GET", "/api/v1/mail", AN_AUTH_SESSION, AN_PERM_MAIL_READ, AN_RF_NONE, an_api_mail_list},
    {"GET", "/api/v1/mail/{id}", AN_AUTH_SESSION, AN_PERM_MAIL_READ, AN_RF_NONE,
     an_api_mail_get},
};

const size_t an_nroutes = sizeof an_routes / sizeof an_routes[0];
