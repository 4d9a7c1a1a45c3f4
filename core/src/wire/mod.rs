//! The JSON bodies of ZITADEL's management API v1, exactly as its REST gateway writes them.
//!
//! The gateway (grpc-gateway with protojson) uses lowerCamelCase names, writes `uint64` as
//! strings and `Duration` as `"3600s"`, and leaves out every zero value. So every field
//! here reads a missing key as its default and is left out again when it is zero. Requests
//! also accept the proto field names (`user_name`), as protojson does. Unknown keys are
//! ignored, as ZITADEL ignores them. These types do not validate: see [`crate::domain`].

mod duration;
mod error;
mod object;
mod policy;
mod uint64;
mod user;

pub use duration::{DurationParseError, ProtoDuration};
pub use error::{ERROR_DETAIL_TYPE, ErrorBody, ErrorDetail, GrpcCode};
pub use object::ObjectDetails;
pub use policy::{GetPasswordComplexityPolicyResponse, PasswordComplexityPolicy};
pub use user::{
    AddPasswordlessRegistrationResponse, GetUserByIdResponse, GetUserByLoginNameGlobalResponse, HashedPassword, Human,
    HumanEmail, HumanPhone, HumanProfile, ImportEmail, ImportHumanUserRequest, ImportHumanUserResponse, ImportIdp,
    ImportPhone, ImportProfile, Machine, PasswordlessRegistration, RecoveryCode, SendPasswordlessRegistrationRequest,
    SendPasswordlessRegistrationResponse, User, UserState,
};

pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

pub(crate) fn is_zero(value: &u64) -> bool {
    *value == 0
}
