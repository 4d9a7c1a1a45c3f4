//! Character classes shared by the text fields: control, bidi and invisible characters.

/// Returns true for characters that cannot be seen or that reorder text: soft hyphen,
/// zero-width characters, directional marks, embeddings and overrides, word joiners,
/// invisible operators, isolates and the byte order mark.
pub fn is_invisible_or_bidi(character: char) -> bool {
    matches!(
        character,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Returns true for C0 and C1 control characters and the line and paragraph separators.
pub fn is_control(character: char) -> bool {
    character.is_control() || matches!(character, '\u{2028}' | '\u{2029}')
}

/// Returns true for the characters that reorder text: embeddings, overrides and isolates.
pub fn is_bidi_override_or_isolate(character: char) -> bool {
    matches!(character, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Returns true for characters that render as nothing or as blank space, including the
/// fillers that some scripts define.
pub fn renders_blank(character: char) -> bool {
    character.is_whitespace()
        || is_invisible_or_bidi(character)
        || matches!(
            character,
            '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FFA0}'
        )
}

/// Returns the number of Unicode code points, which is how protoc-gen-validate counts.
pub fn code_points(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_set_matches_listed_ranges() {
        let listed = [
            '\u{00AD}', '\u{200B}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2060}', '\u{2064}', '\u{2066}', '\u{2069}',
            '\u{FEFF}',
        ];
        for character in listed {
            assert!(is_invisible_or_bidi(character), "U+{:04X}", u32::from(character));
        }
        for character in ['a', ' ', '\u{2065}', '\u{2010}', '\u{00B7}', 'ß'] {
            assert!(!is_invisible_or_bidi(character), "U+{:04X}", u32::from(character));
        }
    }

    #[test]
    fn control_includes_separators() {
        for character in ['\0', '\n', '\u{7F}', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert!(is_control(character), "U+{:04X}", u32::from(character));
        }
        assert!(!is_control('x'));
    }

    #[test]
    fn code_points_count_runes() {
        assert_eq!(code_points("ää"), 2);
        assert_eq!(code_points("田中"), 2);
        assert_eq!(code_points("👩‍💻"), 3);
    }
}
