package io.reflex.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.reflex.api.web.Controller;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /openapi.yaml} and {@code /openapi.json}: the OpenAPI 3 document of this API, public like
 * {@code GET /}. It is cut down to the operations the v1 router really serves, computed on first request
 * (when every controller has mounted), so the document never promises an endpoint this node lacks.
 */
final class OpenApiController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(OpenApiController.class);
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private final ObjectNode source = OpenApiDocument.load();
    private volatile ObjectNode served;
    private Router v1;

    @Override
    public void mount(Router v1) {
        this.v1 = v1;
        // Ordered before the authentication handler that ApiRoutes mounts first: the document is public.
        v1.get("/openapi.yaml").order(-2).handler(Endpoints.of(call -> Reply.text(200, yaml(), "application/yaml")));
        v1.get("/openapi.json").order(-1).handler(Endpoints.of(call -> document()));
    }

    public ObjectNode document() {
        ObjectNode doc = served;
        if (doc == null) {
            List<OpenApiDocument.Operation> routes = OpenApiDocument.served(v1.getRoutes());
            List<String> undocumented = OpenApiDocument.undocumented(source, routes);
            if (!undocumented.isEmpty()) {
                log.warn("openapi routes undocumented routes={}", undocumented);
            }
            doc = OpenApiDocument.servedFrom(source, routes);
            ((ObjectNode) doc.path("info")).put("version", ApiRoutes.VERSION);
            served = doc;
        }
        return doc;
    }

    private String yaml() throws JsonProcessingException {
        return YAML.writeValueAsString(document());
    }
}
