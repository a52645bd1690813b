package dev.basin.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.auth.Caller;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.Service;
import java.util.Map;

/**
 * AWS STS. So far GetCallerIdentity; AssumeRole, GetSessionToken and temporary credentials come
 * with the IAM issue.
 */
public final class StsService implements Service {

  @Override
  public String modelId() {
    return "sts";
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return Map.of("GetCallerIdentity", StsService::getCallerIdentity);
  }

  /**
   * Who signed the request. Needs no permission, as at AWS: an explicit deny cannot block it. See
   * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
   */
  static JsonNode getCallerIdentity(RequestContext context, ObjectNode input) {
    Caller caller = context.caller();
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("UserId", caller.userId());
    output.put("Account", caller.accountId());
    output.put("Arn", caller.arn());
    return output;
  }
}
