// The rule language's expression parsers: headline conditions, price conditions and score
// expressions. They turn text into syntax trees with byte offsets; names (lists, macros,
// entities) are resolved later by the compiler, so parsing does not depend on file order.
//
// Headline condition grammar (EBNF; keywords are lower case, NAME = [A-Za-z0-9_.-]+):
//
//   condition  = or_expr ;
//   or_expr    = and_expr , { "or" , and_expr } ;
//   and_expr   = unary , { "and" , unary } ;
//   unary      = "not" , unary | primary ;
//   primary    = "(" , condition , ")" | "true" | "false"
//              | "any" , "(" , NAME , ")"           (* any phrase of list NAME *)
//              | "all" , "(" , NAME , ")"           (* every phrase of list NAME *)
//              | "phrase" , "(" , STRING , ")"      (* one word-bounded literal *)
//              | "regex" , "(" , STRING , ")"       (* one word-bounded regex *)
//              | "mentions" , "(" , NAME | "any" , ")"
//              | "source" , "(" , NAME | STRING , { "," , NAME | STRING } , ")"
//              | FUNCTION , "(" , ARG , { "," , ARG } , ")"
//                                                    (* a registered function: near, before;
//                                                       rules/condition_functions.h *)
//              | STRING                              (* same as phrase(STRING) *)
//              | NAME ;                              (* a macro *)
//   ARG        = NAME (* a list *) | STRING (* a phrase *) | NUMBER (* whole *) ;
//   STRING     = '"' , { char - '"' | '\"' } , '"' | "'" , { char - "'" } , "'" ;
//
// Price condition:
//   price      = [ "abs" , "(" ] , ( "move" | "abnormal_move" ) , "(" , TARGET , "," , WINDOW ,
//                ")" , [ ")" ] , ( "<=" | "<" | ">=" | ">" ) , NUMBER , [ "%" ] ;
//   (abnormal_move: the move beyond its benchmark's move the same way over the same window;
//    the benchmark is the entity's `benchmark:` instrument; a trailing window only)
//   TARGET     = "mentioned" | INSTRUMENT ;  WINDOW = "prev_close" | DURATION ("60m", "1h") ;
//
// Score expression:
//   score      = term , { ( "+" | "-" ) , term } ;
//   term       = factor , { ( "*" | "/" ) , factor } ;
//   factor     = "-" , factor | NUMBER , [ "%" ] | VARIABLE | "(" , score , ")"
//              | ( "abs" | "min" | "max" ) , "(" , score , { "," , score } , ")" ;
//   VARIABLE   = "move" | "source_weight" | "confirmations" | "headlines" | "novelty"
//              | "phrases" ;
//
// Nesting is capped at kMaxConditionDepth; deeper input is an error, never a stack overflow.
//
// Thread-safety: free functions without shared state.
#ifndef TRIPLINE_RULES_CONDITION_PARSER_H_
#define TRIPLINE_RULES_CONDITION_PARSER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/compiled_rules.h"

namespace tripline {

inline constexpr int kMaxConditionDepth = 64;

enum class AstKind : uint8_t {
  kTrue,
  kFalse,
  kAnd,
  kOr,
  kNot,
  kRegex,
  kMentions,
  kSource,
  kMacro,
  kCall,  // a registered condition function
};

struct CondAst {
  AstKind kind = AstKind::kTrue;
  std::vector<std::string> args;  // list/entity/macro name, phrase, regex, sources
  std::vector<std::unique_ptr<CondAst>> children;
  size_t offset = 0;  // byte offset of the node in the condition text
  std::string text;   // the node's own text, for explain
  // kCall: the function's registry index (rules/condition_functions.h: any, all, phrase, near,
  // before...), and per argument 'l' (a list NAME), 's' (a STRING) or 'n' (a NUMBER, its
  // digits in args).
  int function = -1;
  std::string arg_kinds;
};

// A parse failure: where (byte offset into the text) and what was expected.
struct ParseError {
  size_t offset = 0;
  std::string message;
  std::string expected;
};

// On failure returns nullptr and fills *error.
std::unique_ptr<CondAst> ParseCondition(std::string_view text, ParseError* error);
// Fills *out (without `text`); returns false and fills *error on failure.
bool ParsePriceCondition(std::string_view text, PriceCondition* out, ParseError* error);
bool ParseScore(std::string_view text, ScoreExpr* out, ParseError* error);

}  // namespace tripline

#endif  // TRIPLINE_RULES_CONDITION_PARSER_H_
