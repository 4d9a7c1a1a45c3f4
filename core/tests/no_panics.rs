//! Property tests: no constructor or parser of register-core panics, whatever the input.
//!
//! The strategies mix arbitrary Unicode with the characters the rules care about (at
//! signs, dots, plus signs, bidi controls, combining marks, digits), so that inputs reach
//! deep into each parser rather than failing on the first character.

use proptest::prelude::*;
use register_core::Field;
use register_core::domain::{Email, Gender, Password, PersonName, Phone, PreferredLanguage, Username};
use register_core::failure::{Failure, error_id_for, field_error_from_id};
use register_core::link::{PasswordlessInitQuery, PlatformType, registration_link};
use register_core::policy::PasswordPolicy;
use register_core::registration::{Method, Registration, RegistrationForm};
use register_core::wire::{ErrorBody, ImportHumanUserRequest, ProtoDuration};

/// Text built from pieces that matter to the parsers, plus arbitrary characters.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        Just("@".to_owned()),
        Just(".".to_owned()),
        Just("+".to_owned()),
        Just("00".to_owned()),
        Just("(0)".to_owned()),
        Just(" ".to_owned()),
        Just("-".to_owned()),
        Just("xn--".to_owned()),
        Just("<".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("\u{200B}".to_owned()),
        Just("\u{0301}".to_owned()),
        Just("ä".to_owned()),
        Just("😀".to_owned()),
        "[0-9]{1,4}",
        "[a-zA-Z]{1,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn constructors_never_panic(text in tricky_text()) {
        let _ = Username::parse(&text);
        let _ = Email::parse(&text);
        let _ = PersonName::parse(Field::GivenName, &text);
        let _ = Phone::parse(&text);
        let _ = Phone::parse_optional(&text);
        let _ = PreferredLanguage::parse(&text);
        let _ = Gender::parse(&text);
        let _ = Password::parse(&text);
        let _ = text.parse::<ProtoDuration>();
        let _ = PasswordlessInitQuery::parse(&text);
        let _ = PasswordPolicy::ZITADEL_DEFAULT.check(&text);
        for platform_type in PlatformType::ALL {
            let _ = registration_link(&text, platform_type);
            let _ = registration_link(&format!("https://a.example/p?{text}#{text}"), platform_type);
        }
    }

    #[test]
    fn form_validation_never_panics(fields in prop::collection::vec(tricky_text(), 8)) {
        let form = RegistrationForm {
            username: fields[0].clone(),
            given_name: fields[1].clone(),
            family_name: fields[2].clone(),
            email: fields[3].clone(),
            phone: fields[4].clone(),
            preferred_language: fields[5].clone(),
            password: fields[6].clone(),
            password_confirmation: fields[7].clone(),
        };
        for method in Method::ALL {
            let outcome = form.validate(method, Some(&PasswordPolicy::ZITADEL_DEFAULT));
            if let Ok(registration) = outcome {
                let request = registration.to_import_request();
                let again = Registration::from_import_request(&request, Some(&PasswordPolicy::ZITADEL_DEFAULT));
                prop_assert!(again.is_ok(), "a valid registration did not validate again: {:?}", again);
            }
            for field in Field::ALL {
                let _ = form.check_field(field, method, None);
            }
        }
    }

    #[test]
    fn error_mapping_never_panics(status in 0u16..1000, code in -5i32..40, message in tricky_text(), ids in prop::collection::vec(tricky_text(), 0..4)) {
        let body = ErrorBody {
            code,
            message,
            details: ids.iter().map(|id| register_core::wire::ErrorDetail::new(id, "text")).collect(),
        };
        let failure = Failure::from_response(status, &body);
        for error in failure.field_errors() {
            let id = error_id_for(&error);
            prop_assert!(field_error_from_id(&id).is_some(), "{id} does not map back");
        }
    }

    #[test]
    fn json_bodies_never_panic(json in tricky_text()) {
        let _ = serde_json::from_str::<ImportHumanUserRequest>(&json);
        let _ = serde_json::from_str::<ErrorBody>(&json);
    }
}
