package dev.basin.iam;

import static dev.basin.iam.IamInputs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.auth.AccessKey;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.Service;
import dev.basin.iam.IamStore.Entity;
import dev.basin.iam.IamStore.Session;
import dev.basin.iam.policy.AttachedPolicy;
import dev.basin.iam.policy.EvaluationRequest;
import dev.basin.iam.policy.MalformedPolicyException;
import dev.basin.iam.policy.PolicyDocument;
import dev.basin.iam.policy.PolicyEvaluator;
import dev.basin.iam.policy.PolicyKind;
import dev.basin.iam.policy.PolicyLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS STS: GetCallerIdentity, AssumeRole and GetSessionToken. Temporary credentials are stored in
 * the {@link IamStore} (so they survive restarts) and expire on Basin's clock; the {@link
 * IamCredentialStore} serves them to the signature verifier.
 */
public final class StsService implements Service {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final IamStore store;
  private final BasinClock clock;
  private final PolicyValidator validator;
  private final PrincipalPolicies policies;
  private final PolicyEvaluator evaluator = new PolicyEvaluator();
  private final IamIds ids = new IamIds();

  public StsService(
      IamStore store, BasinClock clock, PolicyValidator validator, PrincipalPolicies policies) {
    this.store = store;
    this.clock = clock;
    this.validator = validator;
    this.policies = policies;
  }

  @Override
  public String modelId() {
    return "sts";
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return Map.of(
        "GetCallerIdentity", StsService::getCallerIdentity,
        "AssumeRole", this::assumeRole,
        "GetSessionToken", this::getSessionToken);
  }

  /**
   * Who signed the request. Needs no permission, as at AWS: an explicit deny cannot block it. See
   * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
   */
  static JsonNode getCallerIdentity(RequestContext context, ObjectNode input) {
    Caller caller = context.caller();
    ObjectNode output = NODES.objectNode();
    output.put("UserId", caller.userId());
    output.put("Account", caller.accountId());
    output.put("Arn", caller.arn());
    return output;
  }

  private static int duration(ObjectNode input, int defaultSeconds, int maxSeconds) {
    JsonNode value = input.get("DurationSeconds");
    if (value == null || value.isNull()) {
      return defaultSeconds;
    }
    int seconds = value.asInt();
    if (seconds < 900) {
      throw IamErrors.constraint(
          "durationSeconds", value.asText(), "Member must have value greater than or equal to 900");
    }
    if (seconds > maxSeconds) {
      throw IamErrors.constraint(
          "durationSeconds",
          value.asText(),
          "Member must have value less than or equal to " + maxSeconds);
    }
    return seconds;
  }

  private static boolean isSession(RequestContext context) {
    AccessKey key = context.accessKey();
    return key != null && key.sessionToken() != null;
  }

  /** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html */
  private JsonNode assumeRole(RequestContext context, ObjectNode input) {
    String roleArn = text(input, "RoleArn");
    if (roleArn.length() < 20 || roleArn.length() > 2048) {
      throw IamErrors.constraint(
          "roleArn", roleArn, "Member must have length greater than or equal to 20");
    }
    String sessionName = text(input, "RoleSessionName");
    if (sessionName.length() < 2) {
      throw IamErrors.constraint(
          "roleSessionName", sessionName, "Member must have length greater than or equal to 2");
    }
    IamInputs.name(sessionName, "roleSessionName", 64);
    int requested = duration(input, 3600, 43200);
    String policy = text(input, "Policy");
    if (policy != null) {
      int size = PolicyLimits.countedLength(policy);
      if (size > PolicyLimits.SESSION_POLICY_CHARS) {
        throw new dev.basin.core.protocol.AwsException(
            "PackedPolicyTooLarge",
            400,
            "Packed policy consumes "
                + (100 * size / PolicyLimits.SESSION_POLICY_CHARS)
                + "% of allotted space, please use smaller policy for session.");
      }
      validator.validate(policy, PolicyValidator.Kind.IDENTITY);
    }
    List<String> policyArns = new ArrayList<>();
    for (JsonNode arn : input.path("PolicyArns")) {
      policyArns.add(arn.path("arn").asText());
    }
    Caller caller = context.caller();
    String denied =
        "User: "
            + caller.arn()
            + " is not authorized to perform: sts:AssumeRole on resource: "
            + roleArn;
    int colon = roleArn.indexOf(":role/");
    if (!roleArn.startsWith("arn:aws:iam::") || colon < 0) {
      throw IamErrors.validation(roleArn + " is invalid");
    }
    String account = roleArn.substring("arn:aws:iam::".length(), colon);
    String rolePath = roleArn.substring(colon + ":role".length());
    String roleName = rolePath.substring(rolePath.lastIndexOf('/') + 1);
    boolean chained = caller.type() == CallerType.ASSUMED_ROLE;
    Instant now = clock.now();
    Entity found = store.read(tx -> tx.entity(account, "role", roleName));
    if (found == null
        || !rolePath.equals(found.path() + found.name())
        || !trusts(context, found, roleArn, account)) {
      throw IamErrors.accessDenied(denied);
    }
    return store.write(
        tx -> {
          Entity role = tx.entity(account, "role", roleName);
          if (role == null || !role.id().equals(found.id())) {
            throw IamErrors.accessDenied(denied);
          }
          int max = role.attrs().path("maxSession").asInt(3600);
          if (requested > max) {
            throw IamErrors.validation(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
          }
          if (chained && requested > 3600) {
            throw IamErrors.validation(
                "The requested DurationSeconds exceeds the 1 hour session limit for roles"
                    + " assumed by role chaining.");
          }
          Caller assumed =
              new Caller(
                  CallerType.ASSUMED_ROLE,
                  account,
                  "arn:aws:sts::" + account + ":assumed-role/" + role.name() + "/" + sessionName,
                  role.id() + ":" + sessionName,
                  role.name());
          Session session =
              new Session(
                  ids.temporaryKeyId(),
                  ids.secret(),
                  ids.sessionToken(),
                  now.plusSeconds(requested),
                  assumed,
                  policy,
                  List.copyOf(policyArns));
          tx.deleteExpiredSessions(now);
          tx.insertSession(session);
          ObjectNode out = NODES.objectNode();
          out.set("Credentials", credentials(session));
          out.putObject("AssumedRoleUser")
              .put("AssumedRoleId", assumed.userId())
              .put("Arn", assumed.arn());
          return out;
        });
  }

  /**
   * Whether the caller may assume {@code role}: AWS's evaluation of {@code sts:AssumeRole} on the
   * role with its trust policy as the resource policy, the caller's identity and session policies
   * on the other side. A trust policy naming the caller (or its role) allows by itself; one naming
   * the account needs an identity policy allowing {@code sts:AssumeRole} too. Basin's root (the
   * default credentials) may assume a role whose trust policy names the account or root, which AWS
   * refuses to root users; it is evaluated as a principal of another account so that the trust
   * policy, not root's own-account bypass, decides.
   */
  private boolean trusts(RequestContext context, Entity role, String roleArn, String account) {
    PolicyDocument trust;
    try {
      trust = PolicyDocument.parse(role.attrs().path("trust").asText(), PolicyKind.TRUST);
    } catch (MalformedPolicyException e) {
      return false;
    }
    PrincipalPolicies.Resolved who = policies.resolve(context.caller(), context.accessKey());
    EvaluationRequest.Builder request =
        EvaluationRequest.builder(who.principal(), "sts:AssumeRole", roleArn)
            .resourceAccount(context.caller().type() == CallerType.ROOT ? "trust-policy" : account)
            .resourcePolicy(new AttachedPolicy("trust-policy:" + role.name(), trust));
    who.identity().forEach(request::identityPolicy);
    who.session().forEach(request::sessionPolicy);
    IamAuthorizer.baseContext(context, clock.now(), request);
    return evaluator.evaluate(request.build()).allowed();
  }

  /** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html */
  private JsonNode getSessionToken(RequestContext context, ObjectNode input) {
    Caller caller = context.caller();
    if (isSession(context)
        || (caller.type() != CallerType.IAM_USER && caller.type() != CallerType.ROOT)) {
      throw IamErrors.accessDenied("Cannot call GetSessionToken with session credentials");
    }
    int seconds = duration(input, 43200, 129600);
    if (caller.type() == CallerType.ROOT) {
      seconds = Math.min(seconds, 3600); // AWS caps the root user's sessions at one hour
    }
    Instant now = clock.now();
    Session session =
        new Session(
            ids.temporaryKeyId(),
            ids.secret(),
            ids.sessionToken(),
            now.plusSeconds(seconds),
            caller,
            null,
            List.of());
    store.write(
        tx -> {
          tx.deleteExpiredSessions(now);
          tx.insertSession(session);
          return null;
        });
    ObjectNode out = NODES.objectNode();
    out.set("Credentials", credentials(session));
    return out;
  }

  private static ObjectNode credentials(Session session) {
    return NODES
        .objectNode()
        .put("AccessKeyId", session.keyId())
        .put("SecretAccessKey", session.secret())
        .put("SessionToken", session.token())
        .put("Expiration", session.expiration().toString());
  }
}
