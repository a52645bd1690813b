package dev.basin.core.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shape of a service model. Instances are built once by {@link ServiceModelLoader} and are
 * immutable afterwards; shapes may refer to each other in cycles.
 */
public final class Shape {
  private final String name;
  private final ShapeType type;
  private Map<String, Member> members = Map.of();
  private Set<String> required = Set.of();
  private Member listMember;
  private Member mapKey;
  private Member mapValue;
  private boolean flattened;
  private String payloadMember;
  private boolean streaming;
  private boolean eventStream;
  private boolean union;
  private boolean exception;
  private String errorCode;
  private int errorHttpStatus;
  private boolean senderFault;
  private String locationName;
  private String xmlNamespaceUri;
  private TimestampFormat timestampFormat;
  private List<String> enumValues = List.of();
  private Long min;
  private Long max;
  private boolean sensitive;

  Shape(String name, ShapeType type) {
    this.name = name;
    this.type = type;
  }

  public String name() {
    return name;
  }

  public ShapeType type() {
    return type;
  }

  /** Structure members in model order. */
  public Map<String, Member> members() {
    return members;
  }

  public Member member(String memberName) {
    return members.get(memberName);
  }

  public Set<String> required() {
    return required;
  }

  /** The element of a list shape. */
  public Member listMember() {
    return listMember;
  }

  public Member mapKey() {
    return mapKey;
  }

  public Member mapValue() {
    return mapValue;
  }

  /** Set on list and map shapes that are flattened in XML. */
  public boolean flattened() {
    return flattened;
  }

  /** The member that is the whole HTTP body (rest protocols), or null. */
  public String payloadMember() {
    return payloadMember;
  }

  /** A blob (or string) streamed as the raw body. */
  public boolean streaming() {
    return streaming;
  }

  public boolean eventStream() {
    return eventStream;
  }

  public boolean union() {
    return union;
  }

  public boolean exception() {
    return exception;
  }

  /** The error code of an exception shape: the model's {@code error.code}, else the name. */
  public String errorCode() {
    return errorCode != null ? errorCode : name;
  }

  /** The HTTP status of an exception shape, 0 when the model gives none. */
  public int errorHttpStatus() {
    return errorHttpStatus;
  }

  public boolean senderFault() {
    return senderFault;
  }

  /** The XML element name of the shape itself (rest-xml payload roots), or null. */
  public String locationName() {
    return locationName;
  }

  public String xmlNamespaceUri() {
    return xmlNamespaceUri;
  }

  public TimestampFormat timestampFormat() {
    return timestampFormat;
  }

  public List<String> enumValues() {
    return enumValues;
  }

  /** Minimum length, size or value, or null. */
  public Long min() {
    return min;
  }

  /** Maximum length, size or value, or null. */
  public Long max() {
    return max;
  }

  public boolean sensitive() {
    return sensitive;
  }

  @Override
  public String toString() {
    return name + "(" + type + ")";
  }

  void setMembers(Map<String, Member> members, Set<String> required) {
    this.members = members;
    this.required = required;
  }

  void setCollection(Member listMember, Member mapKey, Member mapValue, boolean flattened) {
    this.listMember = listMember;
    this.mapKey = mapKey;
    this.mapValue = mapValue;
    this.flattened = flattened;
  }

  void setRest(String payloadMember, boolean streaming, boolean eventStream, boolean union) {
    this.payloadMember = payloadMember;
    this.streaming = streaming;
    this.eventStream = eventStream;
    this.union = union;
  }

  void setError(boolean exception, String errorCode, int errorHttpStatus, boolean senderFault) {
    this.exception = exception;
    this.errorCode = errorCode;
    this.errorHttpStatus = errorHttpStatus;
    this.senderFault = senderFault;
  }

  void setXml(String locationName, String xmlNamespaceUri) {
    this.locationName = locationName;
    this.xmlNamespaceUri = xmlNamespaceUri;
  }

  void setConstraints(
      TimestampFormat timestampFormat,
      List<String> enumValues,
      Long min,
      Long max,
      boolean sensitive) {
    this.timestampFormat = timestampFormat;
    this.enumValues = enumValues;
    this.min = min;
    this.max = max;
    this.sensitive = sensitive;
  }
}
