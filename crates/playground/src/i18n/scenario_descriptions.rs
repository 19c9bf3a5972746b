//! The bundled example scenarios' descriptions in Chinese. The scenario files (a public
//! contract, `scenarios/`) carry English; `web/zh.json` (`examples`) has the Chinese of each
//! description, keyed by its English, so it shows while the description is the example's.
//! Kafka's names (configs, ISR, HW, LEO, KIPs) stay as they are.

/// The description to show for a scenario whose own description is `own`: its Chinese in
/// Chinese (once loaded), else as it is.
pub fn scenario_description(lang: super::Lang, own: &str) -> &str {
    if lang == super::Lang::Zh {
        if let Some(zh) = super::zh::example(own) {
            return zh;
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::super::{zh, Lang};
    use super::*;
    use replication_core::scenario::bundled::BUNDLED;
    use replication_core::scenario::parse_scenario;

    /// Every bundled example's description has its Chinese, and every entry is an example's.
    #[test]
    fn every_example_description_is_translated() {
        zh::install_shipped();
        let descriptions: Vec<String> = BUNDLED
            .iter()
            .filter_map(|e| {
                parse_scenario(e.json)
                    .expect("bundled examples parse")
                    .description
            })
            .collect();
        assert!(descriptions.len() > 20);
        for own in &descriptions {
            assert_ne!(
                scenario_description(Lang::Zh, own),
                own,
                "no Chinese in web/zh.json for the description {own:?}"
            );
            assert_eq!(scenario_description(Lang::En, own), own);
        }
        for english in zh::tests::shipped_keys("examples") {
            assert!(
                descriptions.contains(&english),
                "web/zh.json translates {english:?}, which no example describes"
            );
        }
        assert_eq!(
            scenario_description(Lang::Zh, "a file's own words"),
            "a file's own words"
        );
    }
}
