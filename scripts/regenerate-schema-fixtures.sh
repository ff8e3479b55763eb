#!/bin/sh
# Regenerates Tests/MosaicStoreTests/Fixtures/schema-*.sqlite: one database per earlier schema version
# (see Tests/MosaicStoreTests/Helpers/SchemaFixtures.swift). Run after appending a store migration,
# then commit the new fixture.
set -eu
cd "$(dirname "$0")/.."
swift build --build-tests
MOSAIC_WRITE_SCHEMA_FIXTURES=1 swift test --skip-build \
    --filter 'SchemaFixtureTests/everyEarlierSchemaVersionHasACommittedFixtureMadeByTheGenerator'
# The test bundle copies the fixtures at build time.
swift build --build-tests
