// YAQL 1.x expressions. Operator precedence, tightest first, as YAQL's standard operator table has it:
// '.' '?.', indexer, unary + -, =~ !~, * / mod, + -, comparisons and 'in', not, and, or, '->' (right-assoc).
// '=>' appears only between a name and a value inside argument lists, list and dict literals.
grammar Yaql;


statement : expr EOF ;

expr
    : primary                                                        # PrimaryExpr
    | expr op=(DOT | SAFE_DOT) member                                # MemberExpr
    | expr LBRACKET args RBRACKET                                    # IndexExpr
    | op=(PLUS | MINUS) expr                                         # UnaryExpr
    | expr op=(MATCH | NOT_MATCH) expr                               # BinaryExpr
    | expr op=(STAR | SLASH | MOD) expr                              # BinaryExpr
    | expr op=(PLUS | MINUS) expr                                    # BinaryExpr
    | expr op=(GT | LT | GE | LE | NE | EQ | IN) expr                # BinaryExpr
    | op=NOT expr                                                    # UnaryExpr
    | expr op=AND expr                                               # BinaryExpr
    | expr op=OR expr                                                # BinaryExpr
    | <assoc=right> expr op=ARROW expr                               # BinaryExpr
    ;

member
    : FUNC args RPAREN                                               # MethodMember
    | ID                                                             # NameMember
    ;

primary
    : NUMBER                                                         # NumberLiteral
    | (SQ_STRING | DQ_STRING | BQ_STRING)                            # StringLiteral
    | (TRUE | FALSE | NULL)                                          # KeywordLiteral
    | DOLLAR                                                         # Variable
    | ID                                                             # Keyword
    | FUNC args RPAREN                                               # Call
    | LPAREN expr RPAREN                                             # Parens
    | LBRACKET args RBRACKET                                         # ListLiteral
    | LBRACE args RBRACE                                             # DictLiteral
    ;

args : (arg (COMMA arg)*)? ;

arg
    : expr MAPPING expr                                              # NamedArg
    | expr                                                           # PositionalArg
    ;

MOD : 'mod' ;
IN : 'in' ;
NOT : 'not' ;
AND : 'and' ;
OR : 'or' ;
TRUE : 'true' ;
FALSE : 'false' ;
NULL : 'null' ;

FUNC : ID_START ID_PART* '(' ;
ID : ID_START ID_PART* ;
DOLLAR : '$' ID_PART* ;
NUMBER : DIGIT+ ('.' DIGIT+)? ;

SQ_STRING : '\'' (~['\\] | '\\' .)* '\'' ;
DQ_STRING : '"' (~["\\] | '\\' .)* '"' ;
BQ_STRING : '`' (~[`\\] | '\\' .)* '`' ;

MAPPING : '=>' ;
ARROW : '->' ;
SAFE_DOT : '?.' ;
DOT : '.' ;
MATCH : '=~' ;
NOT_MATCH : '!~' ;
GE : '>=' ;
LE : '<=' ;
NE : '!=' ;
EQ : '=' ;
GT : '>' ;
LT : '<' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LBRACE : '{' ;
RBRACE : '}' ;
COMMA : ',' ;

WS : [ \t\r\n]+ -> skip ;
ILLEGAL : . ;

fragment DIGIT : [0-9] ;
fragment ID_START : [\p{L}_] ;
fragment ID_PART : [\p{L}\p{N}_] ;
