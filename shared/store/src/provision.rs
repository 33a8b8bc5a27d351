//! Creating the table, bucket and event bus on a local stack (DynamoDB Local, LocalStack),
//! from the same definitions as `template.yaml`. Idempotent: existing resources are kept.

use crate::StoreError;
use crate::schema::{self, KeyElement};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};

fn key_schema(ks: &[KeyElement]) -> Result<Vec<KeySchemaElement>, StoreError> {
    ks.iter()
        .map(|k| {
            KeySchemaElement::builder()
                .attribute_name(&k.attribute)
                .key_type(KeyType::from(k.key_type.as_str()))
                .build()
                .map_err(StoreError::backend)
        })
        .collect()
}

/// Creates the table `name` as `template.yaml` defines it, unless it exists.
pub async fn ensure_table(client: &aws_sdk_dynamodb::Client, name: &str) -> Result<(), StoreError> {
    if client.describe_table().table_name(name).send().await.is_ok() {
        return Ok(());
    }
    let def = schema::table();
    let mut create = client.create_table().table_name(name).billing_mode(BillingMode::PayPerRequest);
    for (attr, ty) in &def.attributes {
        create = create.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(attr)
                .attribute_type(ScalarAttributeType::from(ty.as_str()))
                .build()
                .map_err(StoreError::backend)?,
        );
    }
    create = create.set_key_schema(Some(key_schema(&def.key_schema)?));
    for index in &def.indexes {
        create = create.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(&index.name)
                .set_key_schema(Some(key_schema(&index.key_schema)?))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::from(index.projection.as_str()))
                        .build(),
                )
                .build()
                .map_err(StoreError::backend)?,
        );
    }
    match create.send().await {
        Ok(_) => {}
        // Another process created it between our describe and create.
        Err(e) if format!("{e:?}").contains("ResourceInUseException") => return Ok(()),
        Err(e) => return Err(StoreError::backend(e)),
    }
    if let Some(attr) = def.ttl_attribute {
        client
            .update_time_to_live()
            .table_name(name)
            .time_to_live_specification(
                TimeToLiveSpecification::builder()
                    .attribute_name(attr)
                    .enabled(true)
                    .build()
                    .map_err(StoreError::backend)?,
            )
            .send()
            .await
            .map_err(StoreError::backend)?;
    }
    Ok(())
}

/// Deletes a table (tests clean up after themselves).
pub async fn drop_table(client: &aws_sdk_dynamodb::Client, name: &str) -> Result<(), StoreError> {
    client.delete_table().table_name(name).send().await.map_err(StoreError::backend)?;
    Ok(())
}

/// Creates the evidence bucket unless it exists.
pub async fn ensure_bucket(client: &aws_sdk_s3::Client, name: &str) -> Result<(), StoreError> {
    if client.head_bucket().bucket(name).send().await.is_err() {
        client.create_bucket().bucket(name).send().await.map_err(StoreError::backend)?;
    }
    // The browser PUTs evidence straight to the bucket, as `EvidenceBucket`'s CorsConfiguration
    // in template.yaml allows; there it is the CloudFront origin only, here any origin, since the
    // local runner's address (host, port) is the developer's choice.
    use aws_sdk_s3::types::{CorsConfiguration, CorsRule};
    let rule = CorsRule::builder()
        .allowed_methods("PUT")
        .allowed_methods("GET")
        .allowed_origins("*")
        .allowed_headers("*")
        .expose_headers("ETag")
        .max_age_seconds(3000)
        .build()
        .map_err(StoreError::backend)?;
    let cors = CorsConfiguration::builder().cors_rules(rule).build().map_err(StoreError::backend)?;
    client
        .put_bucket_cors()
        .bucket(name)
        .cors_configuration(cors)
        .send()
        .await
        .map_err(StoreError::backend)?;
    Ok(())
}

/// Creates the event bus unless it exists.
pub async fn ensure_bus(client: &aws_sdk_eventbridge::Client, name: &str) -> Result<(), StoreError> {
    if client.describe_event_bus().name(name).send().await.is_ok() {
        return Ok(());
    }
    client.create_event_bus().name(name).send().await.map_err(StoreError::backend)?;
    Ok(())
}
