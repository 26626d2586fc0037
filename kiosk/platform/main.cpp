#include <cstdio>
int main() { std::puts("kiosk: coming up"); return 0; }
