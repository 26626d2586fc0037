#include <cstdio>
int main() { std::puts("kioskctl"); return 0; }
