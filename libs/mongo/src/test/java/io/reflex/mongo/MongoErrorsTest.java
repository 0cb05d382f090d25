package io.reflex.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MongoErrorsTest {
    @Test
    void indexNameIsReadFromMongoDbAndMongoJavaServerMessages() {
        assertThat(MongoErrors.indexName("E11000 duplicate key error collection: reflex.action index: pack_name"
                        + " dup key: { pack: \"core\", name: \"local\" }"))
                .isEqualTo("pack_name");
        assertThat(MongoErrors.indexName("Write operation error on server 127.0.0.1:27017. Write error:"
                        + " WriteError{code=11000, message='E11000 duplicate key error collection: db.x index: _id_"
                        + " dup key: { _id: \"a\" }', details={}}."))
                .isEqualTo("_id_");
        assertThat(MongoErrors.indexName("something else")).isNull();
        assertThat(MongoErrors.indexName(null)).isNull();
    }
}
