//! Enums stored as text: one declaration gives the variants, their stored names and
//! (optionally) the i18n keys of their names; `stored_enum!` derives the rest, so no
//! enum keeps its own tables of strings.
//!
//! ```ignore
//! stored_enum! {
//!     /// What an indicator asks for.
//!     pub enum IndicatorKind (refused "err-choice") {
//!         Number = "number", label "indicator-kind-number";
//!         Text = "text", label "indicator-kind-text";
//!     }
//! }
//! ```
//!
//! gives `IndicatorKind::ALL` (in declaration order, the order forms list them),
//! `as_str` (the stored name), `parse` (a stored name, trimmed; the error is the
//! i18n key after `refused`; with `empty Variant`, an empty text is that variant),
//! when every variant has one, `label_key`, and serde's form: the stored name, exactly.

macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (refused $err:literal $(, empty $empty:ident)?) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, label $label:literal; )+
        }
    ) => {
        stored_enum! {
            @enum $(#[$meta])* $vis $name ($err $(, $empty)?) {
                $( $(#[$vmeta])* $variant = $text; )+
            }
        }
        impl $name {
            /// The i18n key of its name.
            pub const fn label_key(self) -> &'static str {
                match self {
                    $( $name::$variant => $label, )+
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (refused $err:literal $(, empty $empty:ident)?) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal; )+
        }
    ) => {
        stored_enum! {
            @enum $(#[$meta])* $vis $name ($err $(, $empty)?) {
                $( $(#[$vmeta])* $variant = $text; )+
            }
        }
    };
    (
        @enum $(#[$meta:meta])* $vis:vis $name:ident ($err:literal $(, $empty:ident)?) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order forms and tables list them.
            pub const ALL: [$name; [$( stored_enum!(@one $variant) ),+].len()] =
                [$( $name::$variant ),+];

            /// The stored name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            /// The value whose stored name is exactly `s`.
            fn exactly(s: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.as_str() == s)
            }

            /// Parses a stored name (trimmed); the error is an i18n key.
            pub fn parse(s: &str) -> Result<$name, &'static str> {
                let s = s.trim();
                $( if s.is_empty() { return Ok($name::$empty); } )?
                $name::exactly(s).ok_or($err)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                $name::exactly(&s)
                    .ok_or_else(|| ::serde::de::Error::unknown_variant(&s, &[$( $text ),+]))
            }
        }
    };
    (@one $variant:ident) => {
        ()
    };
}

#[cfg(test)]
mod tests {
    stored_enum! {
        /// A test enum.
        enum Colour (refused "err-date", empty Red) {
            /// Red.
            Red = "red", label "colour-red";
            DarkBlue = "dark_blue", label "colour-dark-blue";
        }
    }

    stored_enum! {
        enum Plain (refused "err-choice") {
            One = "one";
        }
    }

    #[test]
    fn the_tables_come_from_one_declaration() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::DarkBlue]);
        assert_eq!(Colour::DarkBlue.as_str(), "dark_blue");
        assert_eq!(Colour::parse(" dark_blue "), Ok(Colour::DarkBlue));
        assert_eq!(Colour::parse(""), Ok(Colour::Red));
        assert_eq!(Colour::parse("green"), Err("err-date"));
        assert_eq!(Colour::DarkBlue.label_key(), "colour-dark-blue");
        assert_eq!(Plain::parse(""), Err("err-choice"));
        assert_eq!(Plain::ALL.map(Plain::as_str), ["one"]);
    }
}
