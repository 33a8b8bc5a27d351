//! The table definition, read from the `AegisTable` resource of `template.yaml` (embedded at
//! build time). Local provisioning and the tests create tables from this, so the key schema
//! and indexes exist in exactly one hand-written place.

use yaml_serde::Value;

const TEMPLATE: &str = include_str!("../../../template.yaml");
const TABLE_RESOURCE: &str = "AegisTable";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyElement {
    pub attribute: String,
    /// `HASH` or `RANGE`.
    pub key_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDef {
    pub name: String,
    pub key_schema: Vec<KeyElement>,
    pub projection: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDef {
    /// (name, type) pairs, type being `S`, `N` or `B`.
    pub attributes: Vec<(String, String)>,
    pub key_schema: Vec<KeyElement>,
    pub indexes: Vec<IndexDef>,
    pub ttl_attribute: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("template.yaml: {0}")]
pub struct SchemaError(String);

fn field<'a>(v: &'a Value, name: &str) -> Result<&'a Value, SchemaError> {
    v.get(name).ok_or_else(|| SchemaError(format!("missing `{name}`")))
}

fn text(v: &Value, name: &str) -> Result<String, SchemaError> {
    field(v, name)?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| SchemaError(format!("`{name}` is not a string")))
}

fn list<'a>(v: &'a Value, name: &str) -> Result<&'a Vec<Value>, SchemaError> {
    field(v, name)?.as_sequence().ok_or_else(|| SchemaError(format!("`{name}` is not a list")))
}

fn key_schema(v: &Value) -> Result<Vec<KeyElement>, SchemaError> {
    list(v, "KeySchema")?
        .iter()
        .map(|k| Ok(KeyElement { attribute: text(k, "AttributeName")?, key_type: text(k, "KeyType")? }))
        .collect()
}

/// Parses the table definition out of a SAM/CloudFormation template.
pub fn parse(template: &str) -> Result<TableDef, SchemaError> {
    let doc: Value = yaml_serde::from_str(template).map_err(|e| SchemaError(e.to_string()))?;
    let props = field(field(field(&doc, "Resources")?, TABLE_RESOURCE)?, "Properties")?;
    let attributes = list(props, "AttributeDefinitions")?
        .iter()
        .map(|a| Ok((text(a, "AttributeName")?, text(a, "AttributeType")?)))
        .collect::<Result<_, SchemaError>>()?;
    let indexes = match props.get("GlobalSecondaryIndexes") {
        None => Vec::new(),
        Some(_) => list(props, "GlobalSecondaryIndexes")?
            .iter()
            .map(|i| {
                Ok(IndexDef {
                    name: text(i, "IndexName")?,
                    key_schema: key_schema(i)?,
                    projection: text(field(i, "Projection")?, "ProjectionType")?,
                })
            })
            .collect::<Result<_, SchemaError>>()?,
    };
    let ttl_attribute = match props.get("TimeToLiveSpecification") {
        Some(ttl) if ttl.get("Enabled").and_then(Value::as_bool) == Some(true) => {
            Some(text(ttl, "AttributeName")?)
        }
        _ => None,
    };
    Ok(TableDef { attributes, key_schema: key_schema(props)?, indexes, ttl_attribute })
}

/// The definition from the project's own `template.yaml`.
pub fn table() -> TableDef {
    parse(TEMPLATE).expect("template.yaml holds a valid AegisTable definition")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys;

    #[test]
    fn the_template_table_matches_the_key_names_the_code_uses() {
        let t = table();
        let key = |ks: &[KeyElement]| {
            ks.iter().map(|k| (k.attribute.clone(), k.key_type.clone())).collect::<Vec<_>>()
        };
        assert_eq!(key(&t.key_schema), [(keys::PK.into(), "HASH".into()), (keys::SK.into(), "RANGE".into())]);
        let idx: Vec<_> = t.indexes.iter().map(|i| (i.name.clone(), key(&i.key_schema))).collect();
        assert_eq!(
            idx,
            [
                (
                    keys::GSI1.into(),
                    vec![(keys::GSI1PK.into(), "HASH".into()), (keys::GSI1SK.into(), "RANGE".into())]
                ),
                (
                    keys::GSI2.into(),
                    vec![(keys::GSI2PK.into(), "HASH".into()), (keys::GSI2SK.into(), "RANGE".into())]
                ),
                (
                    keys::GSI3.into(),
                    vec![(keys::GSI3PK.into(), "HASH".into()), (keys::GSI3SK.into(), "RANGE".into())]
                ),
            ]
        );
        assert_eq!(t.ttl_attribute.as_deref(), Some(keys::TTL_ATTR));
    }

    #[test]
    fn a_template_without_the_table_is_refused() {
        assert!(parse("Resources: {}").is_err());
        assert!(parse("not: [valid").is_err());
    }
}
