/* phiscrub reveal: encrypted tokens back into values. */
#ifndef PHISCRUB_CLI_REVEAL_H
#define PHISCRUB_CLI_REVEAL_H

/* argv[0] is "reveal". Returns the exit status. */
int reveal_main(int argc, char **argv);

#endif
