package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON helpers for expression tests: single quotes stand for double quotes. */
final class ExpressionFixtures {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final String ITEM =
      "{'id':{'S':'1'},'n':{'N':'5'},'s':{'S':'hello'},'b':{'B':'AQID'},"
          + "'ss':{'SS':['a','b']},'ns':{'NS':['1','2']},'bs':{'BS':['AQ==']},"
          + "'l':{'L':[{'S':'x'},{'N':'2'}]},"
          + "'m':{'M':{'k':{'S':'v'},'deep':{'M':{'x':{'N':'1'}}}}},"
          + "'t':{'BOOL':true},'z':{'NULL':true},'select':{'S':'r'},'a-b':{'S':'dash'}}";

  static final String VALUES =
      "{':five':{'N':'5'},':four':{'N':'4'},':six':{'N':'6'},':hello':{'S':'hello'},"
          + "':he':{'S':'he'},':ll':{'S':'ll'},':a':{'S':'a'},':c':{'S':'c'},':one':{'N':'1'},"
          + "':two':{'N':'2'},':x':{'S':'x'},':v':{'S':'v'},':S':{'S':'S'},':N':{'S':'N'},"
          + "':SS':{'S':'SS'},':NULL':{'S':'NULL'},':M':{'S':'M'},':str5':{'S':'5'},"
          + "':b1':{'B':'AQ=='},':b12':{'B':'AQI='},':b23':{'B':'AgM='},':t':{'BOOL':true},"
          + "':f':{'BOOL':false},':lx':{'L':[{'S':'x'},{'N':'2'}]},':bogus':{'S':'BOGUS'},"
          + "':ss':{'SS':['c','a']},':ns':{'NS':['3']},':nsx':{'NS':['1','9']}}";

  static final String NAMES =
      "{'#s':'s','#sel':'select','#dash':'a-b','#m':'m','#k':'k','#n':'n','#l':'l',"
          + "'#dot':'m.k'}";

  private ExpressionFixtures() {}

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static ExpressionAttributes attributes() {
    return ExpressionAttributes.of(json(NAMES), json(VALUES));
  }
}
