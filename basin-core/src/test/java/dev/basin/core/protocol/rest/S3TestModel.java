package dev.basin.core.protocol.rest;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The S3 model for tests, built from botocore's S3 model (Basin has no S3 model jar yet). Absent
 * file = failure, not a skip: CI installs awscli.
 */
final class S3TestModel {
  static final Path BOTOCORE_S3 =
      Path.of("/usr/lib/python3/dist-packages/awscli/botocore/data/s3/2006-03-01/service-2.json");

  private S3TestModel() {}

  static ServiceModel load() throws IOException {
    if (!Files.isRegularFile(BOTOCORE_S3)) {
      fail("botocore's S3 model is missing at " + BOTOCORE_S3 + " (install awscli)");
    }
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(BOTOCORE_S3.toFile());
    return ServiceModelLoader.parse("s3", json);
  }
}
