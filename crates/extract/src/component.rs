//! The component interface and the ordered pipeline that runs components over one [`Doc`].

use thiserror::Error;
use wirewatch_doc::{Doc, Layer};

/// One step of the pipeline: reads the layers it requires, writes the layers it assigns.
///
/// A component never fails on text and never does I/O: whatever it cannot read in a document it
/// leaves out of its layer.
pub trait Component: Send + Sync {
    /// Its name, as the record's `pipeline.components` lists it.
    fn name(&self) -> &'static str;
    /// Layers that must be filled before it runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers it fills.
    fn assigns(&self) -> &'static [Layer];
    /// ISO 639-1 codes of the languages it knows, or `None` for any language.
    fn languages(&self) -> Option<&'static [&'static str]> {
        None
    }
    /// Fills its layers.
    fn run(&self, doc: &mut Doc);
}

/// A pipeline whose components are in an order that cannot work.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OrderError {
    /// A component requires a layer that no earlier component assigns.
    #[error("component `{component}` requires layer `{layer}`, which no earlier component assigns (earlier: {earlier})")]
    Missing {
        /// The component.
        component: &'static str,
        /// The missing layer.
        layer: &'static str,
        /// The components before it.
        earlier: String,
    },
}

/// Checks that each component's requirements are assigned by an earlier one.
pub fn check_order(components: &[Box<dyn Component>]) -> Result<(), OrderError> {
    let mut assigned: Vec<Layer> = Vec::new();
    for (i, c) in components.iter().enumerate() {
        if let Some(layer) = c.requires().iter().find(|l| !assigned.contains(l)) {
            let earlier: Vec<&str> = components[..i].iter().map(|c| c.name()).collect();
            return Err(OrderError::Missing {
                component: c.name(),
                layer: layer.as_str(),
                earlier: if earlier.is_empty() {
                    "none".into()
                } else {
                    earlier.join(", ")
                },
            });
        }
        assigned.extend_from_slice(c.assigns());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, &'static [Layer], &'static [Layer]);
    impl Component for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &'static [Layer] {
            self.1
        }
        fn assigns(&self) -> &'static [Layer] {
            self.2
        }
        fn run(&self, _: &mut Doc) {}
    }

    #[test]
    fn a_component_before_its_inputs_is_refused() {
        let text: Box<dyn Component> = Box::new(Fake("text", &[], &[Layer::Tokens]));
        let dateline: Box<dyn Component> =
            Box::new(Fake("dateline", &[Layer::Tokens], &[Layer::Dateline]));
        assert!(check_order(&[text, dateline]).is_ok());
        let text: Box<dyn Component> = Box::new(Fake("text", &[], &[Layer::Tokens]));
        let dateline: Box<dyn Component> =
            Box::new(Fake("dateline", &[Layer::Tokens], &[Layer::Dateline]));
        let err = check_order(&[dateline, text]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "component `dateline` requires layer `tokens`, which no earlier component assigns (earlier: none)"
        );
    }
}
