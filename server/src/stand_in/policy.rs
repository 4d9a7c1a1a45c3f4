//! GetPasswordComplexityPolicy: the stand-in's configured policy, reported as the instance
//! default that the organization inherits.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use register_core::wire::{GetPasswordComplexityPolicyResponse, ObjectDetails, PasswordComplexityPolicy};

use super::auth::{Caller, Permission};
use super::{INSTANCE_ID, StandIn, StandInError};
use crate::routes;

pub fn router() -> Router<Arc<StandIn>> {
    Router::new().route(routes::PASSWORD_COMPLEXITY_POLICY, get(password_complexity_policy))
}

async fn password_complexity_policy(
    State(stand_in): State<Arc<StandIn>>,
    caller: Caller,
) -> Result<Json<GetPasswordComplexityPolicyResponse>, StandInError> {
    caller.require(Permission::PolicyRead)?;
    let policy = stand_in.settings().password_policy;
    Ok(Json(GetPasswordComplexityPolicyResponse {
        policy: Some(PasswordComplexityPolicy {
            details: Some(ObjectDetails {
                sequence: 1,
                creation_date: None,
                change_date: None,
                resource_owner: INSTANCE_ID.to_owned(),
            }),
            min_length: policy.min_length,
            has_uppercase: policy.has_uppercase,
            has_lowercase: policy.has_lowercase,
            has_number: policy.has_number,
            has_symbol: policy.has_symbol,
            is_default: true,
        }),
        is_default: true,
    }))
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use serde_json::json;
    use tower::ServiceExt;

    use super::super::app;
    use super::super::test_support::*;
    use super::*;
    use crate::clock::Clock;
    use crate::test_support::json_body;

    #[tokio::test]
    async fn default_policy_is_zitadels() {
        let request = request("GET", routes::PASSWORD_COMPLEXITY_POLICY, Some(SERVICE_TOKEN), None);
        let response = app(stand_in()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = json_body(response).await;
        assert_eq!(
            body,
            json!({
                "policy": {
                    "details": { "sequence": "1", "resourceOwner": INSTANCE_ID },
                    "minLength": "8",
                    "hasUppercase": true,
                    "hasLowercase": true,
                    "hasNumber": true,
                    "hasSymbol": true,
                    "isDefault": true
                },
                "isDefault": true
            })
        );
    }

    #[tokio::test]
    async fn configured_policy_leaves_false_rules_out() {
        let mut settings = settings(Clock::manual());
        settings.password_policy.min_length = 12;
        settings.password_policy.has_symbol = false;
        settings.password_policy.has_number = false;
        let request = request("GET", routes::PASSWORD_COMPLEXITY_POLICY, Some(ADMIN_TOKEN), None);
        let response = app(StandIn::new(settings)).oneshot(request).await.unwrap();
        let policy = json_body(response).await["policy"].clone();
        assert_eq!(policy["minLength"], "12");
        assert!(policy.get("hasSymbol").is_none(), "{policy}");
        assert!(policy.get("hasNumber").is_none(), "{policy}");
        assert_eq!(policy["hasLowercase"], true);
    }
}
